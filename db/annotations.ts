import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { describeRange, rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH, type AnnotationKind, type Visibility } from "../lib/annotations/kinds";
import { annotationPolicy } from "../lib/annotations/policy";
import { presentAnnotation, presentReply } from "../lib/annotations/present";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { AnnotationView, ReplyView, Snapshot } from "../lib/protocol";
import { databaseEngine, placeholders, prepared, sqliteStatement } from "./client";
import { newAnnotation, newReply, type NewAnnotation, type NewReply } from "./new-items";
import { passageText, type Change, type ChangeInput } from "./operation-context";
import { annotationReplies, annotations, users } from "./schema";
import type { Transaction } from "./session-events";

/** The operations on annotations and their reply threads. */
export type AnnotationLayerOperation =
  "annotation.create" | "annotation.update" | "annotation.delete" | "annotation.hide" | "reply.create" | "reply.update" | "reply.delete" | "reply.hide";

// Every statement of these operations, built and compiled once (db/client.ts `prepared`; a new
// item's insert is hand-written, db/new-items.ts); run inside the operation's transaction, they
// are part of it.
const byId = (column: typeof annotations.id | typeof annotationReplies.id) => eq(column, sql.placeholder("id"));

const annotationExists = prepared("annotationExists", (database) => database.select({ id: annotations.id }).from(annotations).where(byId(annotations.id)));
const annotationWithAuthor = prepared("annotationWithAuthor", (database) =>
  database.select({ annotation: annotations, authorName: users.displayName }).from(annotations).innerJoin(users, eq(users.id, annotations.authorId)).where(byId(annotations.id)),
);
const updateAnnotation = {
  edit: prepared("editAnnotation", (database) =>
    database
      .update(annotations)
      .set(placeholders(["kind", "body", "bodyHtml", "editedAt", "seq"]))
      .where(byId(annotations.id)),
  ),
  delete: prepared("deleteAnnotation", (database) =>
    database
      .update(annotations)
      .set(placeholders(["deletedAt", "seq"]))
      .where(byId(annotations.id)),
  ),
  hide: prepared("hideAnnotation", (database) =>
    database
      .update(annotations)
      .set(placeholders(["hiddenAt", "seq"]))
      .where(byId(annotations.id)),
  ),
  // Its own statement: a placeholder cannot carry a null through the column's Date encoding.
  unhide: prepared("unhideAnnotation", (database) =>
    database
      .update(annotations)
      .set({ hiddenAt: sql`NULL`, seq: sql.placeholder("seq") as unknown as SQL })
      .where(byId(annotations.id)),
  ),
};
const replyExists = prepared("replyExists", (database) => database.select({ id: annotationReplies.id }).from(annotationReplies).where(byId(annotationReplies.id)));
const replyWithAuthor = prepared("replyWithAuthor", (database) =>
  database
    .select({ reply: annotationReplies, authorName: users.displayName })
    .from(annotationReplies)
    .innerJoin(users, eq(users.id, annotationReplies.authorId))
    .where(byId(annotationReplies.id)),
);
const updateReply = {
  edit: prepared("editReply", (database) =>
    database
      .update(annotationReplies)
      .set(placeholders(["body", "bodyHtml", "editedAt", "seq"]))
      .where(byId(annotationReplies.id)),
  ),
  delete: prepared("deleteReply", (database) =>
    database
      .update(annotationReplies)
      .set(placeholders(["deletedAt", "seq"]))
      .where(byId(annotationReplies.id)),
  ),
  hide: prepared("hideReply", (database) =>
    database
      .update(annotationReplies)
      .set(placeholders(["hiddenAt", "seq"]))
      .where(byId(annotationReplies.id)),
  ),
  // Its own statement: a placeholder cannot carry a null through the column's Date encoding.
  unhide: prepared("unhideReply", (database) =>
    database
      .update(annotationReplies)
      .set({ hiddenAt: sql`NULL`, seq: sql.placeholder("seq") as unknown as SQL })
      .where(byId(annotationReplies.id)),
  ),
};

const annotationWithAuthorSqlite = sqliteStatement(
  `SELECT a.id, a.session_id AS sessionId, a.author_id AS authorId, a.kind, a.visibility, a.edition_id AS editionId, a.start_offset AS startOffset,
          a.end_offset AS endOffset, a.exact, a.prefix, a.suffix, a.body, a.body_html AS bodyHtml, a.before_meeting AS beforeMeeting,
          a.created_at AS createdAt, a.edited_at AS editedAt, a.hidden_at AS hiddenAt, a.deleted_at AS deletedAt, a.seq, u.display_name AS authorName
   FROM annotations AS a JOIN users AS u ON u.id = a.author_id WHERE a.id = ?`,
);

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
  const text = await passageText(session, operation.passage);
  const problem = rangeProblem(text, operation.passage, MAX_PASSAGE_LENGTH);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const target = describeRange(text, operation.passage.start, operation.passage.end);
  const row: NewAnnotation = {
    id: operation.annotationId,
    sessionId: session.id,
    authorId: actor.id,
    kind: operation.kind,
    visibility: operation.visibility,
    editionId: operation.passage.edition ?? null,
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
  const item = await newAnnotation.insert(row, () => annotationExists().execute({ id: row.id }), "An annotation with this id already exists.");
  const view = annotationView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { annotation: view }, ...audienceOf(view), item };
}

async function changeAnnotation({ tx, session, actor, now, seq, operation }: ChangeInput<"annotation.update" | "annotation.delete" | "annotation.hide">): Promise<Change> {
  const current = await loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  // A deleted annotation is gone for everyone, its author included: nothing to edit, delete or hide.
  if (current.deleted) throw deleted("annotation");
  if (operation.type === "annotation.hide") {
    if (!annotationPolicy.moderate(actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can hide annotations.");
    if (operation.hidden) await updateAnnotation.hide().execute({ id: current.id, hiddenAt: now, seq });
    else await updateAnnotation.unhide().execute({ id: current.id, seq });
  } else {
    if (!annotationPolicy.edit(current, actor.id)) throw new AppError("FORBIDDEN", "You can only change your own annotations.");
    if (!annotationPolicy.write(session.status, current.visibility)) throw readOnly();
    if (operation.type === "annotation.delete") await updateAnnotation.delete().execute({ id: current.id, deletedAt: now, seq });
    else
      await updateAnnotation
        .edit()
        .execute({ id: current.id, kind: operation.kind, body: operation.body, bodyHtml: operation.body ? renderComment(operation.body) : "", editedAt: now, seq });
  }
  const view = annotationView((await loadAnnotationRow(tx, current.id))!, current.authorName);
  const type = operation.type === "annotation.hide" && !operation.hidden ? "annotation.unhide" : operation.type;
  return { type, payload: { annotation: view }, ...audienceOf(view) };
}

async function createReply({ tx, session, actor, now, seq, operation }: ChangeInput<"reply.create">): Promise<Change> {
  const annotation = await loadAnnotation(tx, session.id, operation.annotationId, actor.id);
  if (annotation.deleted) throw deleted("annotation");
  if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
  const row: NewReply = {
    id: operation.replyId,
    annotationId: annotation.id,
    sessionId: session.id,
    authorId: actor.id,
    body: operation.body,
    bodyHtml: renderComment(operation.body),
    createdAt: now,
    seq,
  };
  const item = await newReply.insert(row, () => replyExists().execute({ id: row.id }), "A reply with this id already exists.");
  const view = replyView({ ...row, editedAt: null, hiddenAt: null, deletedAt: null }, actor.name);
  return { type: operation.type, payload: { reply: view }, ...audienceOf(annotation), item };
}

async function changeReply({ tx, session, actor, now, seq, operation }: ChangeInput<"reply.update" | "reply.delete" | "reply.hide">): Promise<Change> {
  const reply = await loadReplyRow(tx, operation.replyId);
  if (!reply || reply.reply.sessionId !== session.id) throw notFound("reply");
  const annotation = await loadAnnotation(tx, session.id, reply.reply.annotationId, actor.id);
  const current = replyView(reply.reply, reply.authorName);
  // A reply goes with its annotation: once either is deleted, the reply can no longer change.
  if (annotation.deleted) throw deleted("annotation");
  if (current.deleted) throw deleted("reply");
  if (operation.type === "reply.hide") {
    if (!annotationPolicy.moderate(actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can hide replies.");
    if (operation.hidden) await updateReply.hide().execute({ id: current.id, hiddenAt: now, seq });
    else await updateReply.unhide().execute({ id: current.id, seq });
  } else {
    if (!annotationPolicy.edit(current, actor.id)) throw new AppError("FORBIDDEN", "You can only change your own replies.");
    if (!annotationPolicy.write(session.status, annotation.visibility)) throw readOnly();
    if (operation.type === "reply.delete") await updateReply.delete().execute({ id: current.id, deletedAt: now, seq });
    else await updateReply.edit().execute({ id: current.id, body: operation.body, bodyHtml: renderComment(operation.body), editedAt: now, seq });
  }
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

async function loadAnnotationRow(_tx: Transaction, annotationId: string): Promise<(AnnotationRow & { authorName: string }) | undefined> {
  if (databaseEngine() === "sqlite") return storedAnnotation(annotationWithAuthorSqlite().get(annotationId) as StoredAnnotation | undefined);
  const row = (await annotationWithAuthor().execute({ id: annotationId }))[0];
  return row && { ...row.annotation, authorName: row.authorName };
}

/** An annotation row as SQLite stores it (times in epoch milliseconds, the flag 0 or 1), with its author's name. */
type StoredAnnotation = Omit<AnnotationRow, "beforeMeeting" | "createdAt" | "editedAt" | "hiddenAt" | "deletedAt"> & {
  beforeMeeting: number;
  createdAt: number;
  editedAt: number | null;
  hiddenAt: number | null;
  deletedAt: number | null;
  authorName: string;
};

function storedAnnotation(row: StoredAnnotation | undefined): (AnnotationRow & { authorName: string }) | undefined {
  return (
    row && {
      ...row,
      beforeMeeting: row.beforeMeeting === 1,
      createdAt: new Date(row.createdAt),
      editedAt: dateOrNull(row.editedAt),
      hiddenAt: dateOrNull(row.hiddenAt),
      deletedAt: dateOrNull(row.deletedAt),
    }
  );
}

function dateOrNull(milliseconds: number | null): Date | null {
  return milliseconds === null ? null : new Date(milliseconds);
}

async function loadReplyRow(_tx: Transaction, replyId: string): Promise<{ reply: ReplyRow; authorName: string } | undefined> {
  return (await replyWithAuthor().execute({ id: replyId }))[0];
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
    ...(row.editionId !== null && { edition: row.editionId }),
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
