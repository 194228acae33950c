import { and, eq, isNull, or, sql } from "drizzle-orm";
import { describeRange, rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH, type AnnotationKind, type Visibility } from "../lib/annotations/kinds";
import { annotationPolicy } from "../lib/annotations/policy";
import { presentAnnotation, presentReply, type StoredEventPayload } from "../lib/annotations/present";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { AnnotationView, Operation, ReplyView, Snapshot } from "../lib/protocol";
import type { Role } from "../lib/roles";
import type { SessionStatusName } from "../lib/session-status";
import { db, prepared } from "./client";
import { annotationReplies, annotations, users } from "./schema";
import { appendSessionEvent, operationDigest, previousOutcome, lastSessionSeq, type SessionEvent, type Transaction } from "./session-events";

/** Who is making a change, and their role in the session's group. */
export type Actor = { id: string; name: string; role: Role };

/** The session an operation targets, with the canonical text its passages count in. */
export type SessionContext = { id: string; status: SessionStatusName; text: string };

/** The outcome of an operation: the logged event, whether it was a resend, and who may see it. */
export type AppliedOperation = { event: SessionEvent; duplicate: boolean };

/**
 * Applies one member operation to the annotation layer: in a single transaction it checks
 * for a resend, authorises, updates the current state and appends the event to the log.
 */
export function applyOperation(input: { session: SessionContext; actor: Actor; clientOpId: string; operation: Operation }): AppliedOperation {
  const { session, actor, clientOpId, operation } = input;
  return db().transaction((tx) => {
    const digest = operationDigest(operation);
    const previous = previousOutcome(tx, { sessionId: session.id, clientOpId, actorId: actor.id, digest });
    if (previous) return { event: previous, duplicate: true };
    const now = new Date();
    const seq = lastSessionSeq(session.id) + 1;
    const change = applyChange(tx, { session, actor, operation, now, seq });
    const event = appendSessionEvent(tx, { sessionId: session.id, clientOpId, actorId: actor.id, digest, at: now, ...change });
    return { event, duplicate: false };
  });
}

type Change = { type: string; payload: StoredEventPayload; privateTo: string | null };
type ChangeInput = { session: SessionContext; actor: Actor; operation: Operation; now: Date; seq: number };

function applyChange(tx: Transaction, input: ChangeInput): Change {
  const { operation } = input;
  switch (operation.type) {
    case "annotation.create":
      return createAnnotation(tx, input, operation);
    case "annotation.update":
    case "annotation.delete":
    case "annotation.hide":
      return changeAnnotation(tx, input, operation);
    case "reply.create":
      return createReply(tx, input, operation);
    case "reply.update":
    case "reply.delete":
    case "reply.hide":
      return changeReply(tx, input, operation);
  }
}

// Statements of the most frequent operation, compiled once (they run inside the operation's transaction).
const annotationExists = prepared((database) =>
  database.select({ id: annotations.id }).from(annotations).where(eq(annotations.id, sql.placeholder("id"))).prepare(),
);

const insertAnnotation = prepared((database) =>
  database
    .insert(annotations)
    .values({
      id: sql.placeholder("id"),
      sessionId: sql.placeholder("sessionId"),
      authorId: sql.placeholder("authorId"),
      kind: sql.placeholder("kind"),
      visibility: sql.placeholder("visibility"),
      startOffset: sql.placeholder("startOffset"),
      endOffset: sql.placeholder("endOffset"),
      exact: sql.placeholder("exact"),
      prefix: sql.placeholder("prefix"),
      suffix: sql.placeholder("suffix"),
      body: sql.placeholder("body"),
      bodyHtml: sql.placeholder("bodyHtml"),
      beforeMeeting: sql.placeholder("beforeMeeting"),
      createdAt: sql.placeholder("createdAt"),
      seq: sql.placeholder("seq"),
    })
    .prepare(),
);

function createAnnotation(_tx: Transaction, { session, actor, now, seq }: ChangeInput, operation: Extract<Operation, { type: "annotation.create" }>): Change {
  if (!annotationPolicy.write(session.status, operation.visibility)) throw readOnly();
  const problem = rangeProblem(session.text, operation.passage, MAX_PASSAGE_LENGTH);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  if (annotationExists().get({ id: operation.annotationId })) {
    throw new AppError("CONFLICT", "An annotation with this id already exists.");
  }
  const target = describeRange(session.text, operation.passage.start, operation.passage.end);
  const row = {
    id: operation.annotationId,
    sessionId: session.id,
    authorId: actor.id,
    kind: operation.kind,
    visibility: operation.visibility,
    startOffset: target.start,
    endOffset: target.end,
    exact: target.exact,
    prefix: target.prefix,
    suffix: target.suffix,
    body: operation.body,
    bodyHtml: operation.body ? renderComment(operation.body) : "",
    beforeMeeting: session.status === "planned",
    createdAt: now,
    seq,
  };
  insertAnnotation().run(row);
  const view = annotationView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { annotation: view }, privateTo: privateTo(view) };
}

function changeAnnotation(
  tx: Transaction,
  { session, actor, now, seq }: ChangeInput,
  operation: Extract<Operation, { type: "annotation.update" | "annotation.delete" | "annotation.hide" }>,
): Change {
  const current = loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  let changes: Partial<typeof annotations.$inferInsert>;
  if (operation.type === "annotation.hide") {
    if (!annotationPolicy.moderate(actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can hide annotations.");
    changes = { hiddenAt: operation.hidden ? now : null };
  } else {
    if (!annotationPolicy.edit(current, actor.id)) throw new AppError("FORBIDDEN", "You can only change your own annotations.");
    if (!annotationPolicy.write(session.status, current.visibility)) throw readOnly();
    changes =
      operation.type === "annotation.delete"
        ? { deletedAt: now }
        : { kind: operation.kind, body: operation.body, bodyHtml: operation.body ? renderComment(operation.body) : "", editedAt: now };
  }
  tx.update(annotations)
    .set({ ...changes, seq })
    .where(eq(annotations.id, current.id))
    .run();
  const view = annotationView(loadAnnotationRow(tx, current.id)!, current.authorName);
  const type = operation.type === "annotation.hide" && !operation.hidden ? "annotation.unhide" : operation.type;
  return { type, payload: { annotation: view }, privateTo: privateTo(view) };
}

function createReply(tx: Transaction, { session, actor, now, seq }: ChangeInput, operation: Extract<Operation, { type: "reply.create" }>): Change {
  const annotation = loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  if (annotation.deleted) throw new AppError("NOT_FOUND", "That annotation was deleted.");
  if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
  if (tx.select({ id: annotationReplies.id }).from(annotationReplies).where(eq(annotationReplies.id, operation.replyId)).get()) {
    throw new AppError("CONFLICT", "A reply with this id already exists.");
  }
  const row = {
    id: operation.replyId,
    annotationId: annotation.id,
    sessionId: session.id,
    authorId: actor.id,
    body: operation.body,
    bodyHtml: renderComment(operation.body),
    createdAt: now,
    seq,
  };
  tx.insert(annotationReplies).values(row).run();
  const view = replyView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { reply: view }, privateTo: privateTo(annotation) };
}

function changeReply(
  tx: Transaction,
  { session, actor, now, seq }: ChangeInput,
  operation: Extract<Operation, { type: "reply.update" | "reply.delete" | "reply.hide" }>,
): Change {
  const reply = loadReplyRow(tx, operation.replyId);
  if (!reply || reply.reply.sessionId !== session.id) throw notFound("reply");
  const annotation = loadAnnotation(tx, session.id, reply.reply.annotationId, actor.id);
  const current = replyView(reply.reply, reply.authorName);
  let changes: Partial<typeof annotationReplies.$inferInsert>;
  if (operation.type === "reply.hide") {
    if (!annotationPolicy.moderate(actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can hide replies.");
    changes = { hiddenAt: operation.hidden ? now : null };
  } else {
    if (!annotationPolicy.edit(current, actor.id)) throw new AppError("FORBIDDEN", "You can only change your own replies.");
    if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
    changes = operation.type === "reply.delete" ? { deletedAt: now } : { body: operation.body, bodyHtml: renderComment(operation.body), editedAt: now };
  }
  tx.update(annotationReplies)
    .set({ ...changes, seq })
    .where(eq(annotationReplies.id, current.id))
    .run();
  const view = replyView(loadReplyRow(tx, current.id)!.reply, current.authorName);
  const type = operation.type === "reply.hide" && !operation.hidden ? "reply.unhide" : operation.type;
  return { type, payload: { reply: view }, privateTo: privateTo(annotation) };
}

/** An annotation of this session that the actor may see; anything else is "not found". */
function loadAnnotation(tx: Transaction, sessionId: string, annotationId: string, viewerId: string): AnnotationView {
  const row = loadAnnotationRow(tx, annotationId);
  if (!row || row.sessionId !== sessionId) throw notFound("annotation");
  const view = annotationView(row, row.authorName);
  if (!annotationPolicy.see(view, viewerId)) throw notFound("annotation");
  return view;
}

function loadAnnotationRow(tx: Transaction, annotationId: string): (AnnotationRow & { authorName: string }) | undefined {
  const row = tx
    .select({ annotation: annotations, authorName: users.displayName })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.authorId))
    .where(eq(annotations.id, annotationId))
    .get();
  return row && { ...row.annotation, authorName: row.authorName };
}

function loadReplyRow(tx: Transaction, replyId: string): { reply: ReplyRow; authorName: string } | undefined {
  return tx
    .select({ reply: annotationReplies, authorName: users.displayName })
    .from(annotationReplies)
    .innerJoin(users, eq(users.id, annotationReplies.authorId))
    .where(eq(annotationReplies.id, replyId))
    .get();
}

type AnnotationRow = typeof annotations.$inferSelect;
type ReplyRow = typeof annotationReplies.$inferSelect;

function annotationView(row: AnnotationRow, authorName: string): AnnotationView {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName,
    kind: row.kind as AnnotationKind,
    visibility: row.visibility as Visibility,
    start: row.startOffset,
    end: row.endOffset,
    exact: row.exact,
    prefix: row.prefix,
    suffix: row.suffix,
    body: row.body,
    bodyHtml: row.bodyHtml,
    createdAt: row.createdAt.getTime(),
    editedAt: row.editedAt?.getTime() ?? null,
    hidden: row.hiddenAt !== null,
    deleted: row.deletedAt !== null,
    beforeMeeting: row.beforeMeeting,
    seq: row.seq,
  };
}

function replyView(row: ReplyRow, authorName: string): ReplyView {
  return {
    id: row.id,
    annotationId: row.annotationId,
    authorId: row.authorId,
    authorName,
    body: row.body,
    bodyHtml: row.bodyHtml,
    createdAt: row.createdAt.getTime(),
    editedAt: row.editedAt?.getTime() ?? null,
    hidden: row.hiddenAt !== null,
    deleted: row.deletedAt !== null,
    seq: row.seq,
  };
}

function privateTo(annotation: Pick<AnnotationView, "visibility" | "authorId">): string | null {
  return annotation.visibility === "private" ? annotation.authorId : null;
}

function readOnly(): AppError {
  return new AppError("SESSION_ENDED", "This session has ended; only personal notes can still be added.");
}

function notFound(what: "annotation" | "reply"): AppError {
  return new AppError("NOT_FOUND", `That ${what} does not exist in this session.`);
}

/**
 * The annotation layer as one member may see it now: every shared annotation and their own
 * private ones (deleted ones left out), with the replies of those threads.
 */
export function annotationSnapshot(sessionId: string, viewerId: string): Snapshot {
  return db().transaction((tx) => {
    const visible = or(eq(annotations.visibility, "shared"), eq(annotations.authorId, viewerId));
    const annotationRows = tx
      .select({ annotation: annotations, authorName: users.displayName })
      .from(annotations)
      .innerJoin(users, eq(users.id, annotations.authorId))
      .where(and(eq(annotations.sessionId, sessionId), isNull(annotations.deletedAt), visible))
      .all();
    const replyRows = tx
      .select({ reply: annotationReplies, authorName: users.displayName })
      .from(annotationReplies)
      .innerJoin(annotations, eq(annotations.id, annotationReplies.annotationId))
      .innerJoin(users, eq(users.id, annotationReplies.authorId))
      .where(and(eq(annotationReplies.sessionId, sessionId), isNull(annotationReplies.deletedAt), isNull(annotations.deletedAt), visible))
      .all();
    return {
      annotations: annotationRows.map((row) => presentAnnotation(annotationView(row.annotation, row.authorName))),
      replies: replyRows.map((row) => presentReply(replyView(row.reply, row.authorName))),
      lastSeq: lastSessionSeq(sessionId),
    };
  });
}
