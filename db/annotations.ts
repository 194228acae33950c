import { and, asc, eq, isNull, or } from "drizzle-orm";
import { describeRange, rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH, type AnnotationKind, type Visibility } from "../lib/annotations/kinds";
import { annotationPolicy } from "../lib/annotations/policy";
import { presentAnnotation, presentReply } from "../lib/annotations/present";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { AnnotationView, ReplyView, Snapshot } from "../lib/protocol";
import type { Change, ChangeInput } from "./operation-context";
import { annotationReplies, annotations, users } from "./schema";
import type { Transaction } from "./session-events";

/** The operations on annotations and their reply threads. */
export type AnnotationLayerOperation =
  "annotation.create" | "annotation.update" | "annotation.delete" | "annotation.hide" | "reply.create" | "reply.update" | "reply.delete" | "reply.hide";

/** Applies an annotation or reply operation inside the operation's transaction. */
export async function applyAnnotationChange(input: ChangeInput<AnnotationLayerOperation>): Promise<Change> {
  const { operation } = input;
  switch (operation.type) {
    case "annotation.create":
      return await createAnnotation({ ...input, operation });
    case "annotation.update":
    case "annotation.delete":
    case "annotation.hide":
      return await changeAnnotation({ ...input, operation });
    case "reply.create":
      return await createReply({ ...input, operation });
    default:
      return await changeReply({ ...input, operation });
  }
}

async function createAnnotation({ tx, session, actor, now, seq, operation }: ChangeInput<"annotation.create">): Promise<Change> {
  if (!annotationPolicy.write(session.status, operation.visibility)) throw readOnly();
  const problem = rangeProblem(session.text, operation.passage, MAX_PASSAGE_LENGTH);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  if ((await tx.select({ id: annotations.id }).from(annotations).where(eq(annotations.id, operation.annotationId)))[0]) {
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
  await tx.insert(annotations).values(row);
  const view = annotationView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { annotation: view }, ...audienceOf(view) };
}

async function changeAnnotation({ tx, session, actor, now, seq, operation }: ChangeInput<"annotation.update" | "annotation.delete" | "annotation.hide">): Promise<Change> {
  const current = await loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  // A deleted annotation is gone for everyone, its author included: nothing to edit, delete or hide.
  if (current.deleted) throw deleted("annotation");
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
  await tx
    .update(annotations)
    .set({ ...changes, seq })
    .where(eq(annotations.id, current.id));
  const view = annotationView((await loadAnnotationRow(tx, current.id))!, current.authorName);
  const type = operation.type === "annotation.hide" && !operation.hidden ? "annotation.unhide" : operation.type;
  return { type, payload: { annotation: view }, ...audienceOf(view) };
}

async function createReply({ tx, session, actor, now, seq, operation }: ChangeInput<"reply.create">): Promise<Change> {
  const annotation = await loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  if (annotation.deleted) throw deleted("annotation");
  if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
  if ((await tx.select({ id: annotationReplies.id }).from(annotationReplies).where(eq(annotationReplies.id, operation.replyId)))[0]) {
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
  await tx.insert(annotationReplies).values(row);
  const view = replyView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { reply: view }, ...audienceOf(annotation) };
}

async function changeReply({ tx, session, actor, now, seq, operation }: ChangeInput<"reply.update" | "reply.delete" | "reply.hide">): Promise<Change> {
  const reply = await loadReplyRow(tx, operation.replyId);
  if (!reply || reply.reply.sessionId !== session.id) throw notFound("reply");
  const annotation = await loadAnnotation(tx, session.id, reply.reply.annotationId, actor.id);
  const current = replyView(reply.reply, reply.authorName);
  // A reply goes with its annotation: once either is deleted, the reply can no longer change.
  if (annotation.deleted) throw deleted("annotation");
  if (current.deleted) throw deleted("reply");
  let changes: Partial<typeof annotationReplies.$inferInsert>;
  if (operation.type === "reply.hide") {
    if (!annotationPolicy.moderate(actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can hide replies.");
    changes = { hiddenAt: operation.hidden ? now : null };
  } else {
    if (!annotationPolicy.edit(current, actor.id)) throw new AppError("FORBIDDEN", "You can only change your own replies.");
    if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
    changes = operation.type === "reply.delete" ? { deletedAt: now } : { body: operation.body, bodyHtml: renderComment(operation.body), editedAt: now };
  }
  await tx
    .update(annotationReplies)
    .set({ ...changes, seq })
    .where(eq(annotationReplies.id, current.id));
  const view = replyView((await loadReplyRow(tx, current.id))!.reply, current.authorName);
  const type = operation.type === "reply.hide" && !operation.hidden ? "reply.unhide" : operation.type;
  return { type, payload: { reply: view }, ...audienceOf(annotation) };
}

/** An annotation of this session that the actor may see; anything else is "not found". */
async function loadAnnotation(tx: Transaction, sessionId: string, annotationId: string, viewerId: string): Promise<AnnotationView> {
  const row = await loadAnnotationRow(tx, annotationId);
  if (!row || row.sessionId !== sessionId) throw notFound("annotation");
  const view = annotationView(row, row.authorName);
  if (!annotationPolicy.see(view, viewerId)) throw notFound("annotation");
  return view;
}

async function loadAnnotationRow(tx: Transaction, annotationId: string): Promise<(AnnotationRow & { authorName: string }) | undefined> {
  const row = (
    await tx
      .select({ annotation: annotations, authorName: users.displayName })
      .from(annotations)
      .innerJoin(users, eq(users.id, annotations.authorId))
      .where(eq(annotations.id, annotationId))
  )[0];
  return row && { ...row.annotation, authorName: row.authorName };
}

async function loadReplyRow(tx: Transaction, replyId: string): Promise<{ reply: ReplyRow; authorName: string } | undefined> {
  return (
    await tx
      .select({ reply: annotationReplies, authorName: users.displayName })
      .from(annotationReplies)
      .innerJoin(users, eq(users.id, annotationReplies.authorId))
      .where(eq(annotationReplies.id, replyId))
  )[0];
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

function audienceOf(annotation: Pick<AnnotationView, "visibility" | "authorId">): Pick<Change, "audience" | "privateTo"> {
  return annotation.visibility === "private" ? { audience: "author", privateTo: annotation.authorId } : { audience: "everyone", privateTo: null };
}

function readOnly(): AppError {
  return new AppError("SESSION_ENDED", "This session has ended; only personal notes can still be added.");
}

function deleted(what: "annotation" | "reply"): AppError {
  return new AppError("NOT_FOUND", `That ${what} was deleted.`);
}

function notFound(what: "annotation" | "reply"): AppError {
  return new AppError("NOT_FOUND", `That ${what} does not exist in this session.`);
}

/**
 * The annotation layer as one member may see it now: every shared annotation and their own
 * private ones (deleted ones left out), with the replies of those threads.
 */
export async function annotationsSnapshot(tx: Transaction, sessionId: string, viewerId: string): Promise<Pick<Snapshot, "annotations" | "replies">> {
  const visible = or(eq(annotations.visibility, "shared"), eq(annotations.authorId, viewerId));
  const annotationRows = await tx
    .select({ annotation: annotations, authorName: users.displayName })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.authorId))
    .where(and(eq(annotations.sessionId, sessionId), isNull(annotations.deletedAt), visible))
    // In the order they were made, the same on both engines (neither promises an order without one).
    .orderBy(asc(annotations.createdAt), asc(annotations.id));
  const replyRows = await tx
    .select({ reply: annotationReplies, authorName: users.displayName })
    .from(annotationReplies)
    .innerJoin(annotations, eq(annotations.id, annotationReplies.annotationId))
    .innerJoin(users, eq(users.id, annotationReplies.authorId))
    .where(and(eq(annotationReplies.sessionId, sessionId), isNull(annotationReplies.deletedAt), isNull(annotations.deletedAt), visible))
    .orderBy(asc(annotationReplies.createdAt), asc(annotationReplies.id));
  return {
    annotations: annotationRows.map((row) => presentAnnotation(annotationView(row.annotation, row.authorName))),
    replies: replyRows.map((row) => presentReply(replyView(row.reply, row.authorName))),
  };
}
