import type { SessionRole } from "../lib/roles";
import type { SessionStatusName } from "../lib/session-status";
import { postgresRows, postgresStatement, postgresWrite } from "./client";
import type { PendingItem } from "./new-items";
import type { Audience } from "./operation-context";

/**
 * The session log's statements on PostgreSQL, one round trip each where the engine-independent
 * path (db/session-events.ts) takes two: every operation waits on its round trips inside a
 * group-commit batch, one after another, so each one saved shortens every batch.
 */

/** An event as the log keeps it, with the fingerprint of the operation that made it. */
export type LoggedEvent = {
  seq: number;
  clientOpId: string;
  actorId: string | null;
  type: string;
  payload: unknown;
  opDigest: string;
  privateTo: string | null;
  audience: Audience;
  createdAt: Date;
};

/** What an operation needs of its session, as `session_operation_open` reads it. */
export type OpenedOperation = {
  session: { id: string; groupId: string; status: SessionStatusName; articleId: string; articleVersionId: string; lastSeq: number };
  role: SessionRole | null;
  /** The sequence number of the event this operation id already made, if any. */
  previousSeq: number | null;
};

/**
 * Locks the session's log until the transaction ends, and reads under the lock what an
 * operation needs of the session, the sender's role in it and whether this operation id
 * already made an event (db/migrations-pg/0010_operation_open.sql): one statement where the
 * sender's authorisation and the log's opening took two. Undefined when the session does not exist.
 */
export async function openOperationPostgres(sessionId: string, userId: string, clientOpId: string): Promise<OpenedOperation | undefined> {
  const [row] = await postgresRows("sessionOperationOpen", "SELECT * FROM session_operation_open($1, $2, $3)", [sessionId, userId, clientOpId]);
  if (!row) return undefined;
  const [groupId, status, articleId, articleVersionId, role, lastSeq, previousSeq] = row as [string, SessionStatusName, string, string, SessionRole | null, number, number | null];
  return { session: { id: sessionId, groupId, status, articleId, articleVersionId, lastSeq }, role, previousSeq };
}

// The counter and the event in one statement: the UPDATE's new number is the event's.
const APPEND = `WITH bumped AS (UPDATE study_sessions SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
INSERT INTO session_events (session_id, seq, client_op_id, actor_id, type, payload, op_digest, private_to, audience, created_at)
SELECT $1, bumped.last_seq, $2, $3, $4, $5::json, $6, $7, $8, $9 FROM bumped
RETURNING seq`;

/** Advances the session's sequence number by one and appends the event under it; undefined when the session does not exist. */
export async function appendSessionEventPostgres(event: Omit<LoggedEvent, "seq"> & { sessionId: string }): Promise<number | undefined> {
  const [row] = await postgresStatement<{ seq: number }>("sessionLogAppend", APPEND, eventParameters(event));
  return row?.seq;
}

/** $1…$9 of every append, in the order their statements name them. The time goes as ISO text, which node-postgres would otherwise format from the Date on each call. */
function eventParameters(event: Omit<LoggedEvent, "seq"> & { sessionId: string }) {
  return [
    event.sessionId,
    event.clientOpId,
    event.actorId,
    event.type,
    JSON.stringify(event.payload),
    event.opDigest,
    event.privateTo,
    event.audience,
    event.createdAt.toISOString(),
  ];
}

// The same when the number is known: the caller holds the log's lock (`openOperationPostgres`)
// and read the last number under it. A repeated number would break the unique index on
// (session, seq) and fail the transaction; no statement of this one waits for an answer.
const APPEND_NUMBERED = `WITH bumped AS (UPDATE study_sessions SET last_seq = $10 WHERE id = $1)
INSERT INTO session_events (session_id, seq, client_op_id, actor_id, type, payload, op_digest, private_to, audience, created_at)
VALUES ($1, $10, $2, $3, $4, $5::json, $6, $7, $8, $9)`;

/**
 * The numbered append with the operation's new item (db/new-items.ts) inserted by the same
 * statement, its values from $11 on: one statement where the operation sent two. Every part of
 * a statement runs, and none sees another's rows; none needs to.
 */
const appendWithItem = new Map<string, string>();
function appendWithItemText(item: PendingItem): string {
  let text = appendWithItem.get(item.name);
  if (text === undefined) {
    const values = item.values.map((_, index) => `$${index + 11}`).join(", ");
    text = `WITH item AS (INSERT INTO ${item.table} (${item.columns}) VALUES (${values})),
${APPEND_NUMBERED.slice("WITH ".length)}`;
    appendWithItem.set(item.name, text);
  }
  return text;
}

/**
 * Appends the event under the sequence number the caller read under the log's lock, and makes
 * it the session's last, with the operation's new item if it made one: inside a group-commit
 * batch without waiting for the answer (see `postgresWrite`).
 */
export async function appendNumberedEventPostgres(event: LoggedEvent & { sessionId: string }, item?: PendingItem): Promise<void> {
  if (!item) return await postgresWrite("sessionLogAppendNumbered", APPEND_NUMBERED, [...eventParameters(event), event.seq]);
  await postgresWrite(`sessionLogAppendWith_${item.name}`, appendWithItemText(item), [...eventParameters(event), event.seq, ...item.values]);
}
