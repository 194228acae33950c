import { postgresWrite } from "./client";

/**
 * The inserts of a new annotation, reply or thread message on PostgreSQL, hand-written and sent straight
 * through the driver as named prepared statements (`postgresWrite`): on the path of every such
 * operation, where drizzle's placeholder filling and column encoding cost more than the
 * statement. Inside a group-commit batch they are not waited for; a taken id fails the batch,
 * which runs again with savepoints, where the caller's lookup names the conflict.
 */

/** A new annotation's row, as db/annotations.ts builds it. */
export type NewAnnotationRow = {
  id: string;
  sessionId: string;
  authorId: string;
  kind: string;
  visibility: "shared" | "private";
  editionId: string | null;
  startOffset: number;
  endOffset: number;
  exact: string;
  prefix: string;
  suffix: string;
  body: string;
  bodyHtml: string;
  beforeMeeting: boolean;
  createdAt: Date;
  seq: number;
};

/** A new reply's row, as db/annotations.ts builds it. */
export type NewReplyRow = { id: string; annotationId: string; sessionId: string; authorId: string; body: string; bodyHtml: string; createdAt: Date; seq: number };

/** A new thread message's row, as db/thread.ts builds it. */
export type NewMessageRow = {
  id: string;
  sessionId: string;
  parentId: string | null;
  authorId: string;
  body: string;
  bodyHtml: string;
  quote: unknown;
  mentions: unknown;
  reactions: unknown;
  createdAt: Date;
  seq: number;
};

const INSERT_ANNOTATION = `INSERT INTO annotations (id, session_id, author_id, kind, visibility, edition_id, start_offset, end_offset, exact, prefix, suffix, body, body_html, before_meeting, created_at, seq)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

const INSERT_REPLY = `INSERT INTO annotation_replies (id, annotation_id, session_id, author_id, body, body_html, created_at, seq)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

// One statement for a message with or without a quote: a null quote is sent as SQL NULL.
const INSERT_MESSAGE = `INSERT INTO messages (id, session_id, parent_id, author_id, body, body_html, quote, mentions, reactions, created_at, seq)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

export async function insertAnnotationPostgres(row: NewAnnotationRow): Promise<void> {
  await postgresWrite("insertAnnotationRow", INSERT_ANNOTATION, [
    row.id,
    row.sessionId,
    row.authorId,
    row.kind,
    row.visibility,
    row.editionId,
    row.startOffset,
    row.endOffset,
    row.exact,
    row.prefix,
    row.suffix,
    row.body,
    row.bodyHtml,
    row.beforeMeeting,
    row.createdAt.toISOString(),
    row.seq,
  ]);
}

export async function insertReplyPostgres(row: NewReplyRow): Promise<void> {
  await postgresWrite("insertReplyRow", INSERT_REPLY, [row.id, row.annotationId, row.sessionId, row.authorId, row.body, row.bodyHtml, row.createdAt.toISOString(), row.seq]);
}

export async function insertMessagePostgres(row: NewMessageRow): Promise<void> {
  // The JSON columns get their text: node-postgres would send an array as a PostgreSQL array.
  await postgresWrite("insertMessageRow", INSERT_MESSAGE, [
    row.id,
    row.sessionId,
    row.parentId,
    row.authorId,
    row.body,
    row.bodyHtml,
    row.quote === null || row.quote === undefined ? null : JSON.stringify(row.quote),
    JSON.stringify(row.mentions),
    JSON.stringify(row.reactions),
    row.createdAt.toISOString(),
    row.seq,
  ]);
}
