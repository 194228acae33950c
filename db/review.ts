import { and, asc, eq, sql } from "drizzle-orm";
import { presentEvent } from "../lib/annotations/present";
import { AppError } from "../lib/errors";
import type { AnnotationView, ReplyView, SessionEventView } from "../lib/protocol";
import { redactRetracted } from "../lib/review/replay";
import { inReadingOrder, type Person, type RecordMessage, type RecordQuestion, type SessionRecord } from "../lib/review/session-record";
import { findArticle, findArticleVersion } from "./articles";
import { db, rawRows } from "./client";
import { readingEditions } from "./editions";
import { jsonField } from "./dialect";
import { findGroup } from "./groups";
import { sessionGuestIds } from "./guests";
import { annotationsSnapshot } from "./annotations";
import { meetingSnapshot } from "./meeting";
import { sessionAttendance, sessionEvents, studySessions, users } from "./schema";
import { threadSnapshot } from "./thread";
import { sessionEventsAfter, type LogViewer } from "./session-events";
import { findSession, type StudySession } from "./study-sessions";

/** Notes that a member is in a live session's room (the roll call the archive and minutes use). */
export async function recordAttendance(sessionId: string, userId: string, at = new Date()): Promise<void> {
  await db()
    .insert(sessionAttendance)
    .values({ sessionId, userId, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoUpdate({ target: [sessionAttendance.sessionId, sessionAttendance.userId], set: { lastSeenAt: at } });
}

/** A session of this group, or a NOT_FOUND that says so (never another group's session). */
export async function sessionInGroup(groupId: string, sessionId: string): Promise<StudySession> {
  const session = await findSession(sessionId);
  if (!session || session.groupId !== groupId) throw new AppError("NOT_FOUND", "That study session is not in this group.");
  return session;
}

/** Who started the session (its facilitator), else who scheduled it. */
export async function sessionFacilitator(sessionId: string): Promise<Person | null> {
  const started = (
    await db()
      .select({ id: users.id, name: users.displayName })
      .from(sessionEvents)
      .innerJoin(users, eq(users.id, sessionEvents.actorId))
      .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, "session.status"), sql`${jsonField(sessionEvents.payload, "status")} = 'live'`))
      .orderBy(asc(sessionEvents.seq))
      .limit(1)
  )[0];
  if (started) return started;
  return (
    (
      await db()
        .select({ id: users.id, name: users.displayName })
        .from(studySessions)
        .innerJoin(users, eq(users.id, studySessions.createdBy))
        .where(eq(studySessions.id, sessionId))
    )[0] ?? null
  );
}

/** Everyone who took part: in the room while it was live, or did something others can see. By name. */
export async function sessionParticipants(sessionId: string): Promise<Person[]> {
  const rows = await rawRows<{ id: string; name: string }>(sql`
    SELECT u.id AS id, u.display_name AS name FROM users AS u WHERE u.id IN (
      SELECT user_id FROM session_attendance WHERE session_id = ${sessionId}
      UNION SELECT actor_id FROM session_events WHERE session_id = ${sessionId} AND private_to IS NULL AND actor_id IS NOT NULL
    ) ORDER BY lower(u.display_name)`);
  return rows;
}

/**
 * A session's event log as one member may replay it: what everyone saw, their own private
 * events, facilitators' events when they run meetings, in order, with the words of anything
 * later hidden or deleted taken out of its earlier versions too.
 */
export async function reviewEvents(sessionId: string, viewer: LogViewer): Promise<SessionEventView[]> {
  return redactRetracted((await sessionEventsAfter(sessionId, 0, viewer, Number.MAX_SAFE_INTEGER)).map(presentEvent));
}

/** The shared, standing annotations of a session and their standing replies (what exports contain), in reading order. */
export async function sharedThreads(sessionId: string): Promise<{ annotations: AnnotationView[]; replies: ReplyView[] }> {
  // Seen by nobody in particular: shared items only, as the live snapshot presents them.
  const layer = await annotationsSnapshot(db(), sessionId, "");
  const shown = layer.annotations
    .filter((annotation) => annotation.visibility === "shared" && !annotation.hidden)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt);
  const ids = new Set(shown.map((annotation) => annotation.id));
  return { annotations: shown, replies: layer.replies.filter((reply) => !reply.hidden && ids.has(reply.annotationId)).sort((a, b) => a.createdAt - b.createdAt) };
}

/**
 * Everything exporters need about one session of one group; refuses a session of another group.
 */
export async function loadSessionRecord(groupId: string, sessionId: string, markGuest: (name: string) => string = (name) => name): Promise<SessionRecord> {
  const session = await sessionInGroup(groupId, sessionId);
  // A guest's name carries the guest mark in every export, worded by the caller in the reader's language.
  const guests = new Set(await sessionGuestIds(sessionId));
  const named = (id: string | null, name: string) => (id && guests.has(id) ? markGuest(name) : name);
  const person = (someone: Person | null) => someone && { ...someone, name: named(someone.id, someone.name) };
  const group = await findGroup(groupId);
  const article = await findArticle(groupId, session.articleId);
  const version = await findArticleVersion(session.articleVersionId);
  if (!group || !article || !version) throw new AppError("NOT_FOUND", "That study session is not in this group.");
  const { annotations: shared, replies } = await sharedThreads(sessionId);
  const editions = await readingEditions(article, version);
  return {
    group: { id: group.id, name: group.name },
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      scheduledAt: session.scheduledAt.getTime(),
      startedAt: session.startedAt?.getTime() ?? null,
      endedAt: session.endedAt?.getTime() ?? null,
    },
    article: { ...article, versionId: version.id, version: version.version },
    blocks: version.blocks,
    editions: editions.length > 1 ? editions : [],
    facilitator: person(await sessionFacilitator(sessionId)),
    participants: (await sessionParticipants(sessionId)).map((participant) => person(participant)!),
    // Offsets count in the text each annotation was made on: the original's reading order puts them together.
    annotations: inReadingOrder(shared, editions).map((annotation) => ({ ...annotation, authorName: named(annotation.authorId, annotation.authorName) })),
    replies: replies.map((reply) => ({ ...reply, authorName: named(reply.authorId, reply.authorName) })),
    questions: await sessionQuestions(sessionId, named),
    messages: await sessionMessages(sessionId, named),
  };
}

type Naming = (authorId: string | null, name: string) => string;

/**
 * The questions members saw (revealed from the agenda, or raised into the parking lot), with
 * the answers open to everyone, as the live snapshot shows them to a member: sealed answers stay out.
 */
export async function sessionQuestions(sessionId: string, named: Naming = (_id, name) => name): Promise<RecordQuestion[]> {
  const { questions, answers } = await meetingSnapshot(db(), sessionId, { id: "", facilitator: false }, 0);
  const ordered = [...questions].sort((a, b) => (a.place === b.place ? a.position - b.position : a.place === "agenda" ? -1 : 1));
  return ordered.map((question) => {
    const thread = answers.filter((answer) => answer.questionId === question.id).sort((a, b) => a.createdAt - b.createdAt);
    return {
      id: question.id,
      text: question.text,
      status: question.place === "parking" ? "parked" : thread.length > 0 ? "answered" : "open",
      authorName: named(question.authorId, question.authorName),
      passage: question.passage,
      answers: thread.map((answer) => ({ id: answer.id, authorName: named(answer.authorId, answer.authorName), body: answer.body, createdAt: answer.createdAt })),
    };
  });
}

/** The session's discussion thread, oldest first (deleted messages left out). */
export async function sessionMessages(sessionId: string, named: Naming = (_id, name) => name): Promise<RecordMessage[]> {
  return (await threadSnapshot(db(), sessionId)).map((message) => ({
    id: message.id,
    authorName: named(message.authorId, message.authorName),
    body: message.body,
    createdAt: message.createdAt,
    replyToId: message.parentId,
  }));
}
