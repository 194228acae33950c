import { z } from "zod";
import { MAX_PASSAGE_LENGTH, annotationKinds, visibilities } from "./annotations/kinds";
import { errorCodes, type ErrorBody } from "./errors";
import { inboxKinds } from "./inbox/kinds";
import { MAX_COMMENT_LENGTH } from "./markdown/comment-limits";
import { roles } from "./roles";
import { pollChoices, reactions } from "./protocol-constants";
import { hasLoneSurrogate, hasVisibleText } from "./text/characters";
import { sessionStatuses } from "./session-status";

/**
 * The wire protocol between the browser and the live server: every message in both
 * directions, as zod schemas with inferred types. docs/protocol.md shows an example of each.
 */

export { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, SOCKET_PATH, pollChoices, reactions } from "./protocol-constants";

/**
 * The oldest client version this server still speaks. A client sends its version when it
 * connects (`auth: { protocolVersion }`; none means 1, the version before the handshake);
 * one outside OLDEST_PROTOCOL_VERSION…PROTOCOL_VERSION is refused with CLIENT_OUTDATED.
 */
// Version 1 pages read presence as whole member lists, version 2 pages by user id: the numbered
// presence of version 3 (lib/presence/wire.ts) would break both.
export const OLDEST_PROTOCOL_VERSION = 3;

/** Client → server, at connect (Socket.IO's `auth`): the protocol version the page was built with. */
export const clientHandshakeSchema = z.object({ protocolVersion: z.number().int().min(0).optional() });

/** A client that is further behind than this many events gets a fresh snapshot instead of the events. */
export const CATCH_UP_LIMIT = 2000;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be an id");
const seq = z.number().int().min(0);
const timestamp = z.number().int();

/**
 * Text a member writes. Lengths count UTF-16 code units, the one text unit of the app
 * (lib/text/characters.ts), as the renderer cuts and the browser's maxLength counts; a lone
 * surrogate (half a character, which a database would store as U+FFFD) is refused.
 */
function memberText(max: number, tooLong: string) {
  return z
    .string()
    .refine((text) => text.length <= max, tooLong)
    .refine((text) => !hasLoneSurrogate(text), "The text contains a broken character (half of a UTF-16 surrogate pair).");
}

/** A client-generated operation id: the same id sent twice is applied once. */
export const clientOpIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be an operation id");

// ─── Client → server ────────────────────────────────────────────────────────────────────

/** Client → server (facilitators): whether guests may join this session, and whether they are let in at once. */
export const guestSettingsChangeSchema = z.strictObject({ sessionId: id, allowed: z.boolean().optional(), admitAutomatically: z.boolean().optional() });

/** Client → server (facilitators): the guest roster of a session. */
export const guestRosterRequestSchema = z.strictObject({ sessionId: id });

/** Client → server (facilitators): let in one waiting guest, or everyone waiting (`userId: null`). */
export const guestAdmitSchema = z.strictObject({ sessionId: id, userId: id.nullable() });

/** Client → server (facilitators): remove a guest from the session, at once. */
export const guestRemoveSchema = z.strictObject({ sessionId: id, userId: id });

/** Client → server: enter a study session's room; `afterSeq` asks for the events after the last one seen. */
export const sessionJoinSchema = z.strictObject({ sessionId: id, afterSeq: seq.optional() });

/** Client → server: leave a study session's room. */
export const sessionLeaveSchema = z.strictObject({ sessionId: id });

/** Client → server (facilitators): start or end a study session. */
export const sessionSetStatusSchema = z.strictObject({
  sessionId: id,
  clientOpId: clientOpIdSchema,
  status: z.enum(["live", "ended"]),
});

/** Client → server: the paragraph the member is reading now (presence, not logged). */
export const readingPositionSchema = z.strictObject({ sessionId: id, blockId: id.nullable() });

/** Client → server: the member started or stopped typing in the thread (presence, not logged). */
export const typingSchema = z.strictObject({ sessionId: id, typing: z.boolean() });

/** The edition of the article a passage's offsets count in (an article edition's id); absent for the original. */
const edition = id.optional();

/** The passage an annotation covers: offsets in the canonical text of the edition it was chosen in, plus the exact quote, checked by the server. */
export const passageSchema = z.strictObject({
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  exact: memberText(MAX_PASSAGE_LENGTH, `A passage can be at most ${MAX_PASSAGE_LENGTH} characters long.`).refine((text) => text.length > 0, "The passage is empty."),
  edition,
});

// A comment may be empty (a bare highlight) but not only invisible characters (zero-width spaces, joiners…).
const body = memberText(MAX_COMMENT_LENGTH, `At most ${MAX_COMMENT_LENGTH} characters.`).refine((text) => text === "" || hasVisibleText(text), "Write something first.");
const nonEmptyBody = body.refine((text) => text.length > 0, "Write something first.");
const questionText = z.string().trim().pipe(memberText(1000, "A question can have at most 1000 characters.").refine(hasVisibleText, "Write the question first."));
const timeBox = z.number().int().min(1).max(240).nullable();

/** Every change a member can make to a session's annotation layer. */
export const operationSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("annotation.create"),
    annotationId: id,
    kind: z.enum(annotationKinds),
    visibility: z.enum(visibilities),
    passage: passageSchema,
    body,
  }),
  z.strictObject({ type: z.literal("annotation.update"), annotationId: id, kind: z.enum(annotationKinds), body }),
  z.strictObject({ type: z.literal("annotation.delete"), annotationId: id }),
  z.strictObject({ type: z.literal("annotation.hide"), annotationId: id, hidden: z.boolean() }),
  z.strictObject({ type: z.literal("reply.create"), replyId: id, annotationId: id, body: nonEmptyBody }),
  z.strictObject({ type: z.literal("reply.update"), replyId: id, body: nonEmptyBody }),
  z.strictObject({ type: z.literal("reply.delete"), replyId: id }),
  z.strictObject({ type: z.literal("reply.hide"), replyId: id, hidden: z.boolean() }),
  z.strictObject({ type: z.literal("message.create"), messageId: id, parentId: id.nullable(), body: nonEmptyBody, quote: passageSchema.nullable() }),
  z.strictObject({ type: z.literal("message.update"), messageId: id, body: nonEmptyBody }),
  z.strictObject({ type: z.literal("message.delete"), messageId: id }),
  z.strictObject({ type: z.literal("message.react"), messageId: id, reaction: z.enum(reactions), on: z.boolean() }),
  z.strictObject({ type: z.literal("question.create"), questionId: id, text: questionText, passage: passageSchema.nullable(), timeBoxMinutes: timeBox, answerFirst: z.boolean() }),
  z.strictObject({ type: z.literal("question.update"), questionId: id, text: questionText, passage: passageSchema.nullable(), timeBoxMinutes: timeBox, answerFirst: z.boolean() }),
  z.strictObject({ type: z.literal("question.delete"), questionId: id }),
  z.strictObject({ type: z.literal("question.raise"), questionId: id, text: questionText }),
  z.strictObject({ type: z.literal("question.promote"), questionId: id }),
  z.strictObject({ type: z.literal("question.reorder"), questionIds: z.array(id).max(200) }),
  z.strictObject({ type: z.literal("question.reveal"), questionId: id }),
  z.strictObject({ type: z.literal("question.current"), questionId: id.nullable() }),
  z.strictObject({ type: z.literal("question.openAnswers"), questionId: id }),
  z.strictObject({ type: z.literal("answer.create"), answerId: id, questionId: id, body: nonEmptyBody }),
  z.strictObject({ type: z.literal("answer.update"), answerId: id, body: nonEmptyBody }),
  z.strictObject({ type: z.literal("answer.delete"), answerId: id }),
  z.strictObject({ type: z.literal("hand.raise") }),
  z.strictObject({ type: z.literal("hand.lower") }),
  z.strictObject({ type: z.literal("hand.callNext") }),
  z.strictObject({ type: z.literal("poll.open"), pollId: id, passage: passageSchema }),
  z.strictObject({ type: z.literal("poll.vote"), pollId: id, choice: z.enum(pollChoices) }),
  z.strictObject({ type: z.literal("poll.close"), pollId: id }),
  z.strictObject({ type: z.literal("focus.set"), passage: passageSchema.nullable() }),
]);

/** Client → server: one operation, with the client's id for it (resends are applied once). */
export const operationMessageSchema = z.strictObject({
  sessionId: id,
  clientOpId: clientOpIdSchema,
  operation: operationSchema,
});

// ─── Server → client ────────────────────────────────────────────────────────────────────

/** Who a person present in a session is (several tabs of one person count once). */
export const presentPersonSchema = z.strictObject({
  userId: id,
  displayName: z.string(),
  role: z.enum([...roles, "guest"]),
});

/** One person present in a session, with what they are doing (how the page and the nodes hold presence). */
export const presentMemberSchema = z.strictObject({
  ...presentPersonSchema.shape,
  /** The paragraph they are reading, when they share it. */
  blockId: id.nullable(),
  /** Whether they are typing in the thread. */
  typing: z.boolean(),
});

/** A person's number in a room's presence (lib/presence/wire.ts): given when they are first named, never reused while the room lasts. */
const presenceNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A newcomer as presence names them, once: "<id> <name>", the id a UUID in 22 base64url
 * characters (any other id after a "."), alone for a member, beside the role for anyone else.
 */
const presentPersonText = z.string().regex(/^(?:[A-Za-z0-9_-]{22}|\.[A-Za-z0-9_-]{1,64}) /, "must be an id, a space and a name");
export const presentPersonEntrySchema = z.union([presentPersonText, z.tuple([presentPersonText, z.enum([...roles.filter((role) => role !== "member"), "guest"])])]);

/**
 * What changed in who is here (protocol 3, lib/presence/wire.ts), as numbers after each
 * person's first mention. `joined`: a number, then the newcomers it and the numbers after it
 * go to (reading nothing, not typing, unless `moved`/`typing` say otherwise; a number again
 * where a run breaks); `left`: numbers; `moved`: the new paragraph by number; `typing` and
 * `idle`: the numbers who started and stopped typing. Left is applied first, then joined, then the rest.
 */
export const presenceDeltaSchema = z.strictObject({
  joined: z
    .array(z.union([presenceNumber, presentPersonEntrySchema]))
    .refine((joined) => typeof joined[0] === "number", "must start with the number of the first newcomer")
    .optional(),
  left: z.array(presenceNumber).optional(),
  moved: z.record(z.string().regex(/^\d{1,15}$/, "must be a presence number"), id.nullable()).optional(),
  typing: z.array(presenceNumber).optional(),
  idle: z.array(presenceNumber).optional(),
});

/**
 * Server → client: what changed in who is here since the room's previous presence message (at
 * most about one a second per room), applied in order to the list of the join acknowledgement.
 * Only the last state in the second counts.
 */
export const presenceChangesSchema = z.strictObject({ sessionId: id, ...presenceDeltaSchema.shape });

/** Server → client: sent once after connecting, so an outdated client can tell the user to reload. */
export const helloSchema = z.strictObject({
  protocolVersion: z.number().int(),
  userId: id,
});

/**
 * Server → client: the member's role in a group changed while connected. `role: null` means
 * they were removed: every room of the group is closed to them and the connection ends.
 */
export const accessChangedSchema = z.strictObject({ groupId: id, role: z.enum(roles).nullable() });

/** Server → client: a message the server could not answer through an acknowledgement (none was given). */
export const refusedSchema = z.strictObject({
  event: z.string(),
  error: z.strictObject({ code: z.enum(errorCodes), message: z.string(), details: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
});

/** Server → client: the session's status changed (planned → live → ended). */
export const sessionStatusSchema = z.strictObject({
  sessionId: id,
  seq,
  status: z.enum(sessionStatuses),
});

/** An annotation as a member sees it (hidden ones arrive without their words). */
export const annotationViewSchema = z.strictObject({
  id,
  authorId: id,
  authorName: z.string(),
  kind: z.enum(annotationKinds),
  visibility: z.enum(visibilities),
  start: z.number().int(),
  end: z.number().int(),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  /** The edition the offsets count in; absent for the original. */
  edition,
  body: z.string(),
  bodyHtml: z.string(),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  hidden: z.boolean(),
  deleted: z.boolean(),
  /** Made while the session was still planned (pre-reading). */
  beforeMeeting: z.boolean(),
  seq,
});

/** A reply in an annotation's thread. */
export const replyViewSchema = z.strictObject({
  id,
  annotationId: id,
  authorId: id,
  authorName: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  hidden: z.boolean(),
  deleted: z.boolean(),
  seq,
});

/** A message of the session's discussion thread (one level of replies). */
export const messageViewSchema = z.strictObject({
  id,
  parentId: id.nullable(),
  authorId: id,
  authorName: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  quote: z.strictObject({ start: z.number().int(), end: z.number().int(), exact: z.string(), edition }).nullable(),
  mentions: z.array(id),
  reactions: z.record(z.string(), z.array(id)),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  deleted: z.boolean(),
  seq,
});

/** A question: prepared in the agenda (hidden until revealed) or raised by a member into the parking lot. */
export const questionViewSchema = z.strictObject({
  id,
  authorId: id,
  authorName: z.string(),
  text: z.string(),
  passage: z.strictObject({ start: z.number().int(), end: z.number().int(), exact: z.string(), edition }).nullable(),
  timeBoxMinutes: z.number().int().nullable(),
  answerFirst: z.boolean(),
  answersOpen: z.boolean(),
  place: z.enum(["agenda", "parking"]),
  position: z.number(),
  revealedAt: timestamp.nullable(),
  createdAt: timestamp,
  deleted: z.boolean(),
  seq,
});

/** An answer in a question's thread. */
export const answerViewSchema = z.strictObject({
  id,
  questionId: id,
  authorId: id,
  authorName: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  deleted: z.boolean(),
  seq,
});

/** The shared state of the meeting room: agenda position, focus, speaking queue and poll. */
export const roomViewSchema = z.strictObject({
  currentQuestionId: id.nullable(),
  currentStartedAt: timestamp.nullable(),
  focus: z.strictObject({ start: z.number().int(), end: z.number().int(), exact: z.string(), edition }).nullable(),
  queue: z.array(z.strictObject({ userId: id, name: z.string(), raisedAt: timestamp })),
  speaking: z.strictObject({ userId: id, name: z.string(), since: timestamp }).nullable(),
  poll: z
    .strictObject({
      id,
      passage: z.strictObject({ start: z.number().int(), end: z.number().int(), exact: z.string(), edition }),
      open: z.boolean(),
      tally: z.strictObject({ agree: z.number().int(), disagree: z.number().int(), unsure: z.number().int() }),
      voters: z.array(id),
    })
    .nullable(),
  seq,
});

/** One entry of the session event log as a member receives it: the new state of what changed. */
export const sessionEventViewSchema = z.strictObject({
  seq,
  type: z.string(),
  actorId: id.nullable(),
  at: timestamp,
  annotation: annotationViewSchema.optional(),
  reply: replyViewSchema.optional(),
  message: messageViewSchema.optional(),
  question: questionViewSchema.optional(),
  questions: z.array(questionViewSchema).optional(),
  answer: answerViewSchema.optional(),
  answers: z.array(answerViewSchema).optional(),
  room: roomViewSchema.optional(),
  status: z.enum(sessionStatuses).optional(),
});

/** Server → client (facilitators): the session's guest settings and every guest, when anything about them changes. */
export const guestRosterSchema = z.strictObject({
  sessionId: id,
  allowed: z.boolean(),
  admitAutomatically: z.boolean(),
  guests: z.array(z.strictObject({ userId: id, displayName: z.string(), status: z.enum(["waiting", "admitted", "removed"]), arrivedAt: timestamp, hasAccount: z.boolean() })),
});

/** Server → client (everyone in the room): who came as a guest, so their items carry the guest mark. */
export const guestMarksSchema = z.strictObject({ sessionId: id, guestIds: z.array(id) });

/** Server → client: something happened in the session. */
export const sessionEventMessageSchema = z.strictObject({ sessionId: id, event: sessionEventViewSchema });

/** The whole current annotation layer as one member may see it. */
export const snapshotSchema = z.strictObject({
  annotations: z.array(annotationViewSchema),
  replies: z.array(replyViewSchema),
  messages: z.array(messageViewSchema),
  questions: z.array(questionViewSchema),
  answers: z.array(answerViewSchema),
  room: roomViewSchema,
  lastSeq: seq,
});

/** How a joining client catches up: the missed events, or a fresh snapshot when too far behind. */
export const catchUpSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("events"), events: z.array(sessionEventViewSchema), lastSeq: seq }),
  z.strictObject({ kind: z.literal("snapshot"), snapshot: snapshotSchema }),
]);

/**
 * Reply to a session join: who is here (the whole list once, as a delta from nobody under the
 * numbers the room's `presence` messages use afterwards), and how to catch up.
 */
export const sessionJoinedSchema = z.strictObject({
  sessionId: id,
  presence: presenceDeltaSchema,
  catchUp: catchUpSchema,
});

/** Server → client: something new arrived in the member's inbox (the page adds one to its unread count). */
export const inboxNewsSchema = z.strictObject({ kind: z.enum(inboxKinds) });

/** Reply to an operation: its place in the log and the event it produced. */
export const operationAppliedSchema = z.strictObject({ seq, event: sessionEventViewSchema });

export type SessionJoin = z.infer<typeof sessionJoinSchema>;
export type SessionLeave = z.infer<typeof sessionLeaveSchema>;
export type SessionSetStatus = z.infer<typeof sessionSetStatusSchema>;
export type ReadingPosition = z.infer<typeof readingPositionSchema>;
export type Passage = z.infer<typeof passageSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type OperationMessage = z.infer<typeof operationMessageSchema>;
export type PresentPerson = z.infer<typeof presentPersonSchema>;
export type PresentMember = z.infer<typeof presentMemberSchema>;
export type PresentPersonEntry = z.infer<typeof presentPersonEntrySchema>;
export type PresenceDelta = z.infer<typeof presenceDeltaSchema>;
export type PresenceChanges = z.infer<typeof presenceChangesSchema>;
export type Hello = z.infer<typeof helloSchema>;
export type AccessChanged = z.infer<typeof accessChangedSchema>;
export type Refused = z.infer<typeof refusedSchema>;
export type SessionStatus = z.infer<typeof sessionStatusSchema>;
export type AnnotationView = z.infer<typeof annotationViewSchema>;
export type ReplyView = z.infer<typeof replyViewSchema>;
export type SessionEventView = z.infer<typeof sessionEventViewSchema>;
export type MessageView = z.infer<typeof messageViewSchema>;
export type QuestionView = z.infer<typeof questionViewSchema>;
export type AnswerView = z.infer<typeof answerViewSchema>;
export type RoomView = z.infer<typeof roomViewSchema>;
export type Reaction = (typeof reactions)[number];
export type PollChoice = (typeof pollChoices)[number];
export type Typing = z.infer<typeof typingSchema>;
export type SessionEventMessage = z.infer<typeof sessionEventMessageSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;
export type CatchUp = z.infer<typeof catchUpSchema>;
export type SessionJoined = z.infer<typeof sessionJoinedSchema>;
export type OperationApplied = z.infer<typeof operationAppliedSchema>;
export type GuestSettingsChange = z.infer<typeof guestSettingsChangeSchema>;
export type GuestRosterRequest = z.infer<typeof guestRosterRequestSchema>;
export type GuestAdmit = z.infer<typeof guestAdmitSchema>;
export type GuestRemove = z.infer<typeof guestRemoveSchema>;
export type GuestRoster = z.infer<typeof guestRosterSchema>;
export type GuestMarks = z.infer<typeof guestMarksSchema>;
export type InboxNews = z.infer<typeof inboxNewsSchema>;

/** Every acknowledgement: a result, or an error with a code and a human message. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Validates an acknowledgement's error part (the client trusts nothing either). */
export const ackErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Messages a client sends, each with its acknowledgement. */
export interface ClientToServerEvents {
  "session:join": (payload: SessionJoin, ack: (reply: Ack<SessionJoined>) => void) => void;
  "session:leave": (payload: SessionLeave, ack: (reply: Ack<null>) => void) => void;
  "session:setStatus": (payload: SessionSetStatus, ack: (reply: Ack<{ seq: number }>) => void) => void;
  "session:operation": (payload: OperationMessage, ack: (reply: Ack<OperationApplied>) => void) => void;
  "presence:reading": (payload: ReadingPosition, ack: (reply: Ack<null>) => void) => void;
  "presence:typing": (payload: Typing, ack: (reply: Ack<null>) => void) => void;
  "guests:roster": (payload: GuestRosterRequest, ack: (reply: Ack<GuestRoster>) => void) => void;
  "guests:settings": (payload: GuestSettingsChange, ack: (reply: Ack<GuestRoster>) => void) => void;
  "guests:admit": (payload: GuestAdmit, ack: (reply: Ack<GuestRoster>) => void) => void;
  "guests:remove": (payload: GuestRemove, ack: (reply: Ack<GuestRoster>) => void) => void;
}

/** Messages the server sends. */
export interface ServerToClientEvents {
  hello: (payload: Hello) => void;
  "access:changed": (payload: AccessChanged) => void;
  refused: (payload: Refused) => void;
  presence: (payload: PresenceChanges) => void;
  "session:status": (payload: SessionStatus) => void;
  "session:event": (payload: SessionEventMessage) => void;
  "guests:roster": (payload: GuestRoster) => void;
  "guests:marks": (payload: GuestMarks) => void;
  "inbox:new": (payload: InboxNews) => void;
}

/** The schema that validates each client message's payload. */
export const clientMessageSchemas = {
  "session:join": sessionJoinSchema,
  "session:leave": sessionLeaveSchema,
  "session:setStatus": sessionSetStatusSchema,
  "session:operation": operationMessageSchema,
  "presence:reading": readingPositionSchema,
  "presence:typing": typingSchema,
  "guests:roster": guestRosterRequestSchema,
  "guests:settings": guestSettingsChangeSchema,
  "guests:admit": guestAdmitSchema,
  "guests:remove": guestRemoveSchema,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;
