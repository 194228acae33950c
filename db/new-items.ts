import { AppError } from "../lib/errors";
import { databaseEngine, inPipelinedBatch, postgresWrite, sqliteStatement } from "./client";
import type { annotationReplies, annotations, messages } from "./schema";

/**
 * The insert of a new annotation, reply or thread message, written once for both engines and
 * sent straight through the driver: on the path of every such operation, where drizzle's
 * placeholder filling and column encoding cost more than the statement. Each item's columns are
 * listed once, in the order of its statement's values; an engine brings its placeholders and
 * the encoding of what its driver does not take as is (a flag, a time, JSON).
 *
 * SQLite runs the insert at once, on a statement compiled once per connection (`sqliteStatement`).
 * On PostgreSQL the insert travels with the operation's event: one statement, a named prepared
 * one, that inside a group-commit batch is not waited for (db/session-log-postgres.ts).
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

/**
 * A new item's insert on PostgreSQL, not yet sent: it goes with its operation's event, in one
 * statement (db/session-log-postgres.ts), since nothing of the operation reads the item back.
 */
export type PendingItem = { name: string; table: string; columns: string; values: unknown[] };

/** One kind of item: its columns, and its insert on each engine. */
type ItemKind<R> = {
  /**
   * Inserts the new item under the id its client chose; CONFLICT (`message`) when the id is
   * taken. SQLite runs the insert at once, and its primary key answers (SQLite undoes just the
   * failed statement): no lookup. PostgreSQL answers the insert to send with the event,
   * having looked the id up first — except in a pipelined batch, where a taken id fails the
   * batch, which runs again with savepoints, where the lookup names the conflict.
   */
  insert(row: R, idTaken: () => Promise<unknown[]>, message: string): Promise<PendingItem | undefined>;
};

/** A row's insert: its column names, the SQLite statement (compiled once per connection), and the values in column order for an engine. */
function rowStatement<R>(table: string, columns: readonly Column<R>[]) {
  const names = columns.map(([column]) => column).join(", ");
  return {
    names,
    sqlite: sqliteStatement(`INSERT INTO ${table} (${names}) VALUES (${columns.map(() => "?").join(", ")})`),
    postgresText: `INSERT INTO ${table} (${names}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(", ")})`,
    values: (row: R, encoding: Encoding): unknown[] => {
      // A plain loop: on the path of every new item, with no destructuring per column.
      const values = new Array<unknown>(columns.length);
      for (let index = 0; index < columns.length; index++) {
        const column = columns[index]!;
        const kind = column[2];
        values[index] = kind === undefined ? row[column[1]] : encoding[kind](row[column[1]] as never);
      }
      return values;
    },
  };
}

function newItem<R>(name: string, table: string, columns: readonly Column<R>[]): ItemKind<R> {
  const statement = rowStatement(table, columns);
  return {
    async insert(row, idTaken, message) {
      if (databaseEngine() !== "postgres") {
        insertSqlite(() => statement.sqlite().run(...statement.values(row, sqliteEncoding)), message);
        return undefined;
      }
      if (!inPipelinedBatch() && (await idTaken())[0]) throw new AppError("CONFLICT", message);
      return { name, table, columns: statement.names, values: statement.values(row, postgresEncoding) };
    },
  };
}

/**
 * The insert of a row whose id the server makes (an inbox entry), columns written once for both
 * engines: run at once on SQLite; on PostgreSQL a named prepared statement that inside a
 * group-commit batch is not waited for (`postgresWrite`).
 */
export function rowInsert<R>(name: string, table: string, columns: readonly Column<R>[]): (row: R) => Promise<void> {
  const statement = rowStatement(table, columns);
  return async (row) => {
    if (databaseEngine() === "postgres") return await postgresWrite(name, statement.postgresText, statement.values(row, postgresEncoding));
    statement.sqlite().run(...statement.values(row, sqliteEncoding));
  };
}

function insertSqlite(run: () => unknown, message: string): void {
  try {
    run();
  } catch (error) {
    if ((error as { code?: unknown }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") throw new AppError("CONFLICT", message);
    throw error;
  }
}

export const newAnnotation = newItem<NewAnnotation>("insertAnnotationRow", "annotations", [
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

export const newReply = newItem<NewReply>("insertReplyRow", "annotation_replies", [
  ["id", "id"],
  ["annotation_id", "annotationId"],
  ["session_id", "sessionId"],
  ["author_id", "authorId"],
  ["body", "body"],
  ["body_html", "bodyHtml"],
  ["created_at", "createdAt", "time"],
  ["seq", "seq"],
]);

export const newMessage = newItem<NewMessage>("insertMessageRow", "messages", [
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
