import { databaseEngine, postgresWrite, sqliteStatement } from "./client";
import type { annotationReplies, annotations, messages } from "./schema";

/**
 * The insert of a new annotation, reply or thread message, written once for both engines and
 * sent straight through the driver: on the path of every such operation, where drizzle's
 * placeholder filling and column encoding cost more than the statement. Each item's columns are
 * listed once, in the order of its statement's values; an engine brings its placeholders and
 * the encoding of what its driver does not take as is (a flag, a time, JSON).
 *
 * SQLite runs the insert at once, on a statement compiled once per connection (`sqliteStatement`).
 * PostgreSQL sends it as a named prepared statement (`postgresWrite`): inside a group-commit
 * batch it is not waited for; a taken id fails the batch, which runs again with savepoints,
 * where the caller's lookup names the conflict (`insertNewItem`).
 */

type AnnotationRow = typeof annotations.$inferSelect;
type ReplyRow = typeof annotationReplies.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

/** A new annotation's row, as db/annotations.ts builds it. */
export type NewAnnotation = Omit<AnnotationRow, "editedAt" | "hiddenAt" | "deletedAt">;
/** A new reply's row, as db/annotations.ts builds it. */
export type NewReply = Omit<ReplyRow, "editedAt" | "hiddenAt" | "deletedAt">;
/** A new thread message's row, as db/thread.ts builds it. */
export type NewMessage = Omit<MessageRow, "editedAt" | "deletedAt">;

/** How an engine's driver is handed the values it does not take as they are. */
type Encoding = { flag(value: boolean): unknown; time(value: Date): unknown; json(value: unknown): string | null };

// A null JSON value (a message without a quote) is SQL NULL on both engines.
const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/** As SQLite stores them: 0/1, epoch milliseconds, JSON text. */
const sqliteEncoding: Encoding = { flag: (value) => (value ? 1 : 0), time: (value) => value.getTime(), json };

/**
 * node-postgres sends a boolean as is; a Date it would format in local time on every call, so it
 * gets the ISO text, which a timestamptz column reads exactly; JSON goes as its text, since an
 * array would be sent as a PostgreSQL array.
 */
const postgresEncoding: Encoding = { flag: (value) => value, time: (value) => value.toISOString(), json };

type KeysWith<R, V> = { [K in keyof R]-?: R[K] extends V ? K : never }[keyof R];

/** A column: its SQL name, the row's field it takes, and how that field is encoded when the driver does not take it as is. */
type Column<R> = readonly [string, keyof R] | readonly [string, KeysWith<R, boolean>, "flag"] | readonly [string, KeysWith<R, Date>, "time"] | readonly [string, keyof R, "json"];

/** The insert of one kind of item: run at once on SQLite; sent on PostgreSQL, and inside a group-commit batch not waited for. */
function newItem<R>(name: string, table: string, columns: readonly Column<R>[]): (row: R) => Promise<void> {
  const names = columns.map(([column]) => column).join(", ");
  const sqlite = sqliteStatement(`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => "?").join(", ")})`);
  const postgresText = `INSERT INTO ${table} (${names}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(", ")})`;
  const values = (row: R, encoding: Encoding): unknown[] =>
    columns.map(([, key, kind]) => {
      const value = row[key];
      return kind === undefined ? value : encoding[kind](value as never);
    });
  return async (row) => {
    if (databaseEngine() === "postgres") return postgresWrite(name, postgresText, values(row, postgresEncoding));
    sqlite().run(...values(row, sqliteEncoding));
  };
}

export const insertAnnotation = newItem<NewAnnotation>("insertAnnotationRow", "annotations", [
  ["id", "id"],
  ["session_id", "sessionId"],
  ["author_id", "authorId"],
  ["kind", "kind"],
  ["visibility", "visibility"],
  ["edition_id", "editionId"],
  ["start_offset", "startOffset"],
  ["end_offset", "endOffset"],
  ["exact", "exact"],
  ["prefix", "prefix"],
  ["suffix", "suffix"],
  ["body", "body"],
  ["body_html", "bodyHtml"],
  ["before_meeting", "beforeMeeting", "flag"],
  ["created_at", "createdAt", "time"],
  ["seq", "seq"],
]);

export const insertReply = newItem<NewReply>("insertReplyRow", "annotation_replies", [
  ["id", "id"],
  ["annotation_id", "annotationId"],
  ["session_id", "sessionId"],
  ["author_id", "authorId"],
  ["body", "body"],
  ["body_html", "bodyHtml"],
  ["created_at", "createdAt", "time"],
  ["seq", "seq"],
]);

export const insertMessage = newItem<NewMessage>("insertMessageRow", "messages", [
  ["id", "id"],
  ["session_id", "sessionId"],
  ["parent_id", "parentId"],
  ["author_id", "authorId"],
  ["body", "body"],
  ["body_html", "bodyHtml"],
  ["quote", "quote", "json"],
  ["mentions", "mentions", "json"],
  ["reactions", "reactions", "json"],
  ["created_at", "createdAt", "time"],
  ["seq", "seq"],
]);
