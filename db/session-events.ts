import { and, asc, eq, gt, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { Db } from "./client";
import { db } from "./client";
import { sessionEvents, studySessions } from "./schema";

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** One entry of a study session's event log. */
export type SessionEvent = {
  seq: number;
  clientOpId: string;
  actorId: string | null;
  type: string;
  payload: unknown;
  createdAt: Date;
};

/** The outcome of appending: the event, and whether it was already there (a resend). */
export type AppendResult = { event: SessionEvent; duplicate: boolean };

/**
 * Appends an event inside the caller's transaction, so the log and the current-state tables
 * change together. A client operation id seen before returns the original event instead;
 * the same id with different content is a conflict.
 */
export function appendSessionEvent(
  tx: Transaction,
  input: { sessionId: string; clientOpId: string; actorId: string; type: string; payload: unknown },
): AppendResult {
  const previous = findEventByClientOp(tx, input.sessionId, input.clientOpId);
  if (previous) {
    const same = previous.type === input.type && previous.actorId === input.actorId && JSON.stringify(previous.payload) === JSON.stringify(input.payload);
    if (!same) throw new AppError("CONFLICT", "This operation id was already used for a different change.");
    return { event: previous, duplicate: true };
  }
  const bumped = tx
    .update(studySessions)
    .set({ lastSeq: sql`${studySessions.lastSeq} + 1` })
    .where(eq(studySessions.id, input.sessionId))
    .returning({ seq: studySessions.lastSeq })
    .get();
  if (!bumped) throw new AppError("NOT_FOUND", "This study session does not exist.");
  const row = tx
    .insert(sessionEvents)
    .values({ sessionId: input.sessionId, seq: bumped.seq, clientOpId: input.clientOpId, actorId: input.actorId, type: input.type, payload: input.payload })
    .returning()
    .get();
  return { event: toEvent(row), duplicate: false };
}

/** The event a client operation already produced in a session (so a resend can be recognised), if any. */
export function findEventByClientOp(tx: Transaction, sessionId: string, clientOpId: string): SessionEvent | undefined {
  const row = tx
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.clientOpId, clientOpId)))
    .get();
  return row && toEvent(row);
}

/** The events of a session after a sequence number, oldest first. */
export function sessionEventsAfter(sessionId: string, afterSeq: number, limit = 1000): SessionEvent[] {
  return db()
    .select()
    .from(sessionEvents)
    .where(and(eq(sessionEvents.sessionId, sessionId), gt(sessionEvents.seq, afterSeq)))
    .orderBy(asc(sessionEvents.seq))
    .limit(limit)
    .all()
    .map(toEvent);
}

function toEvent(row: typeof sessionEvents.$inferSelect): SessionEvent {
  return { seq: row.seq, clientOpId: row.clientOpId, actorId: row.actorId, type: row.type, payload: row.payload, createdAt: row.createdAt };
}
