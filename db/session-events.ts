import { hash } from "node:crypto";
import { and, asc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { Db } from "./client";
import { databaseEngine, db, prepared, sqliteStatement } from "./client";
import type { PendingItem } from "./new-items";
import { sessionEvents, studySessions } from "./schema";
import { appendNumberedEventPostgres, appendSessionEventPostgres } from "./session-log-postgres";

/** A write transaction, as drizzle hands it to a transaction callback. */
export type Transaction = Db;

/** One entry of a study session's event log, as stored. */
export type SessionEvent = {
  seq: number;
  clientOpId: string;
  actorId: string | null;
  type: string;
  payload: unknown;
  privateTo: string | null;
  audience: "everyone" | "author" | "facilitators" | "author_and_facilitators";
  createdAt: Date;
};

/** A fingerprint of a client operation, to tell a resend (same content) from a reused id. */
export function operationDigest(operation: unknown): string {
  // The one-shot hash: no Hash object per operation.
  return hash("sha256", JSON.stringify(operation), "base64url");
}

// The statements on the path of every operation, compiled once per connection; called inside
// a transaction they are part of it (same connection).
const eventByClientOp = prepared("eventByClientOp", (database) =>
  database
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, sql.placeholder("sessionId")), eq(sessionEvents.clientOpId, sql.placeholder("clientOpId")))),
);

const bumpSeq = prepared("bumpSeq", (database) =>
  database
    .update(studySessions)
    .set({ lastSeq: sql`${studySessions.lastSeq} + 1` })
    .where(eq(studySessions.id, sql.placeholder("sessionId")))
    .returning({ seq: studySessions.lastSeq }),
);

// SQLite, straight through the driver (db/client.ts `sqliteStatement`): a resend's event; the
// counter set to the number read in this transaction, without reading it back; the event.
const eventByClientOpSqlite = sqliteStatement(
  `SELECT seq, client_op_id AS clientOpId, actor_id AS actorId, type, payload, op_digest AS opDigest, private_to AS privateTo, audience, created_at AS createdAt
   FROM session_events WHERE session_id = ? AND client_op_id = ?`,
);
const setSeqSqlite = sqliteStatement("UPDATE study_sessions SET last_seq = ? WHERE id = ?");
const insertEventSqlite = sqliteStatement(
  "INSERT INTO session_events (session_id, seq, client_op_id, actor_id, type, payload, op_digest, private_to, audience, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
);

const lastSeqQuery = prepared("lastSeqQuery", (database) =>
  database
    .select({ lastSeq: studySessions.lastSeq })
    .from(studySessions)
    .where(eq(studySessions.id, sql.placeholder("sessionId"))),
);

// PostgreSQL only: the counter row, locked until the transaction ends.
const lockedSeqQuery = prepared("lockedSeqQuery", (database) => {
  const query = database
    .select({ lastSeq: studySessions.lastSeq })
    .from(studySessions)
    .where(eq(studySessions.id, sql.placeholder("sessionId")));
  // Built on PostgreSQL's select builder (see lockSessionLog), which has FOR UPDATE.
  return (query as unknown as { for(strength: "update"): typeof query }).for("update");
});

/**
 * Takes the session's log for this transaction and answers its last sequence number. On
 * PostgreSQL the counter row is locked until commit, so writers of one session on any node
 * take turns: each sees the others' committed events (a resend is recognised) and numbers
 * follow without a gap or a repeat. SQLite has a single writer already.
 */
export async function lockSessionLog(sessionId: string): Promise<number> {
  const rows = await (databaseEngine() === "postgres" ? lockedSeqQuery() : lastSeqQuery()).execute({ sessionId });
  const [row] = rows;
  if (!row) throw new AppError("NOT_FOUND", "This study session does not exist.");
  return row.lastSeq;
}

/**
 * The event an operation id already produced, when it is a resend from the same member with
 * the same content; a reused id with anything else is a conflict. Undefined for a new id.
 */
export async function previousOutcome(_tx: Transaction, input: { sessionId: string; clientOpId: string; actorId: string; digest: string }): Promise<SessionEvent | undefined> {
  const previous = await eventByClientOpOnEngine(input.sessionId, input.clientOpId);
  if (!previous) return undefined;
  if (previous.actorId !== input.actorId || previous.opDigest !== input.digest) {
    throw new AppError("CONFLICT", "This operation id was already used for a different change.");
  }
  return toEvent(previous);
}

type StoredEvent = typeof sessionEvents.$inferSelect;

async function eventByClientOpOnEngine(sessionId: string, clientOpId: string): Promise<Omit<StoredEvent, "id" | "sessionId"> | undefined> {
  if (databaseEngine() !== "sqlite") return (await eventByClientOp().execute({ sessionId, clientOpId }))[0];
  const row = eventByClientOpSqlite().get(sessionId, clientOpId) as (Omit<StoredEvent, "payload" | "createdAt"> & { payload: string; createdAt: number }) | undefined;
  return row && { ...row, payload: JSON.parse(row.payload) as unknown, createdAt: new Date(row.createdAt) };
}

/**
 * Appends an event inside the caller's transaction, so the log and the current-state tables
 * change together; the session's sequence number advances by one.
 */
export async function appendSessionEvent(
  _tx: Transaction,
  input: {
    sessionId: string;
    clientOpId: string;
    actorId: string;
    type: string;
    payload: unknown;
    digest: string;
    audience?: "everyone" | "author" | "facilitators" | "author_and_facilitators";
    privateTo?: string | null;
    at?: Date;
    /**
     * The number the event gets, when the caller read the last one under the log's lock
     * (db/session-operations.ts `openOperation`) in this transaction: on PostgreSQL the append then need not wait for
     * its answer inside a group-commit batch.
     */
    seq?: number;
    /** PostgreSQL: the operation's new item, inserted by the append's statement (db/new-items.ts); it needs `seq`. */
    item?: PendingItem | undefined;
  },
): Promise<SessionEvent> {
  if (databaseEngine() === "postgres") return await appendPostgres(input);
  const seq = input.seq === undefined ? await bumpedSeq(input.sessionId) : await numberedSeq(input.sessionId, input.seq);
  const event: SessionEvent = { seq, ...storedEvent(input) };
  insertEventSqlite().run(
    input.sessionId,
    seq,
    event.clientOpId,
    event.actorId,
    event.type,
    JSON.stringify(event.payload),
    input.digest,
    event.privateTo,
    event.audience,
    event.createdAt.getTime(),
  );
  return event;
}

/** SQLite: the session's counter moved on by one, and the number it reached. */
async function bumpedSeq(sessionId: string): Promise<number> {
  const bumped = (await bumpSeq().execute({ sessionId }))[0];
  if (!bumped) throw new AppError("NOT_FOUND", "This study session does not exist.");
  return bumped.seq;
}

/** SQLite: the session's counter set to the number the caller read it at plus one (its own transaction is the one writer). */
async function numberedSeq(sessionId: string, seq: number): Promise<number> {
  const { changes } = setSeqSqlite().run(seq, sessionId);
  if (changes === 0) throw new AppError("NOT_FOUND", "This study session does not exist.");
  return seq;
}

/**
 * The event as stored, built here rather than read back: no RETURNING, and the payload is not
 * parsed again from the JSON just written.
 */
function storedEvent(input: Parameters<typeof appendSessionEvent>[1]): Omit<SessionEvent, "seq"> {
  return {
    clientOpId: input.clientOpId,
    actorId: input.actorId,
    type: input.type,
    payload: input.payload,
    privateTo: input.privateTo ?? null,
    audience: input.audience ?? "everyone",
    createdAt: input.at ?? new Date(),
  };
}

async function appendPostgres(input: Parameters<typeof appendSessionEvent>[1]): Promise<SessionEvent> {
  const event = storedEvent(input);
  if (input.seq !== undefined) {
    await appendNumberedEventPostgres({ ...event, seq: input.seq, sessionId: input.sessionId, opDigest: input.digest }, input.item);
    return { seq: input.seq, ...event };
  }
  if (input.item) throw new Error("a new item is appended with a numbered event only");
  const seq = await appendSessionEventPostgres({ ...event, sessionId: input.sessionId, opDigest: input.digest });
  if (seq === undefined) throw new AppError("NOT_FOUND", "This study session does not exist.");
  return { seq, ...event };
}

/** Who is reading the log: their own author-only events, and facilitators' events if they run meetings. */
export type LogViewer = { id: string; facilitator: boolean };

/** The events of a session after a sequence number that one member may see, oldest first. */
export async function sessionEventsAfter(sessionId: string, afterSeq: number, viewer: LogViewer, limit = 1000): Promise<SessionEvent[]> {
  const visible = [eq(sessionEvents.audience, "everyone"), eq(sessionEvents.privateTo, viewer.id)];
  if (viewer.facilitator) visible.push(inArray(sessionEvents.audience, ["facilitators", "author_and_facilitators"]));
  return (
    await db()
      .select()
      .from(sessionEvents)
      .where(and(eq(sessionEvents.sessionId, sessionId), gt(sessionEvents.seq, afterSeq), or(...visible)))
      .orderBy(asc(sessionEvents.seq))
      .limit(limit)
  ).map(toEvent);
}

/** The highest sequence number a session has reached. */
export async function lastSessionSeq(sessionId: string): Promise<number> {
  return (await lastSeqQuery().execute({ sessionId }))[0]?.lastSeq ?? 0;
}

function toEvent(row: Omit<StoredEvent, "id" | "sessionId">): SessionEvent {
  return {
    seq: row.seq,
    clientOpId: row.clientOpId,
    actorId: row.actorId,
    type: row.type,
    payload: row.payload,
    privateTo: row.privateTo,
    audience: row.audience,
    createdAt: row.createdAt,
  };
}
