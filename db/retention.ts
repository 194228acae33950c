import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { db, transaction } from "./client";
import { annotationReplies, annotations, answers, groups, messages, polls, pollVotes, retentionRemovals, searchEntries, sessionEvents, studySessions } from "./schema";

/** The longest retention a group may set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

const DAY_MS = 86_400_000;

/** A group's retention: days a session's discussion is kept after it ends, or null (kept for good, the default). */
export async function groupRetention(groupId: string): Promise<number | null> {
  const [row] = await db().select({ days: groups.retentionDays }).from(groups).where(eq(groups.id, groupId));
  if (!row) throw new AppError("NOT_FOUND", "This group does not exist.");
  return row.days;
}

/** Sets a group's retention (null turns it off). */
export async function setGroupRetention(groupId: string, days: number | null): Promise<void> {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)) {
    throw new AppError("BAD_REQUEST", `Retention is a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or off.`);
  }
  await db().update(groups).set({ retentionDays: days }).where(eq(groups.id, groupId));
}

/** One time retention removed discussions in a group, as the archive tells it. */
export type RetentionRemoval = { sessions: number; retentionDays: number; at: Date };

/** What retention has removed in a group, newest first. */
export async function listRetentionRemovals(groupId: string): Promise<RetentionRemoval[]> {
  const rows = await db()
    .select({ sessions: retentionRemovals.sessions, retentionDays: retentionRemovals.retentionDays, at: retentionRemovals.createdAt })
    .from(retentionRemovals)
    .where(eq(retentionRemovals.groupId, groupId))
    .orderBy(desc(retentionRemovals.createdAt));
  return rows;
}

/**
 * Applies every group's retention: for each session that ended more than the group's days
 * ago, deletes for good its thread, annotations (private notes too) with their replies,
 * answers, poll votes, event log and their search entries, marks the session, and records in
 * the group's archive how many sessions' discussions went and when. Safe to run on several
 * nodes at once: a session already marked is left alone. Answers how many sessions it cleared.
 */
export async function applyRetention(now = new Date()): Promise<number> {
  const settings = await db().select({ id: groups.id, days: groups.retentionDays }).from(groups).where(isNotNull(groups.retentionDays));
  let cleared = 0;
  for (const group of settings) cleared += await applyGroupRetention(group.id, group.days!, now);
  return cleared;
}

async function applyGroupRetention(groupId: string, days: number, now: Date): Promise<number> {
  return transaction(async (tx) => {
    const due = await tx
      .select({ id: studySessions.id })
      .from(studySessions)
      .where(
        and(
          eq(studySessions.groupId, groupId),
          eq(studySessions.status, "ended"),
          isNull(studySessions.discussionRemovedAt),
          lte(studySessions.endedAt, new Date(now.getTime() - days * DAY_MS)),
        ),
      );
    if (due.length === 0) return 0;
    const ids = due.map((row) => row.id);
    const pollIds = (await tx.select({ id: polls.id }).from(polls).where(inArray(polls.sessionId, ids))).map((row) => row.id);
    if (pollIds.length > 0) await tx.delete(pollVotes).where(inArray(pollVotes.pollId, pollIds));
    await tx.delete(answers).where(inArray(answers.sessionId, ids));
    await tx.delete(annotationReplies).where(inArray(annotationReplies.sessionId, ids));
    await tx.delete(annotations).where(inArray(annotations.sessionId, ids));
    await tx.delete(messages).where(inArray(messages.sessionId, ids));
    await tx.delete(sessionEvents).where(inArray(sessionEvents.sessionId, ids));
    // Search entries follow their rows by trigger today; removed here too, so no indexer can keep a copy.
    await tx.delete(searchEntries).where(and(inArray(searchEntries.sessionId, ids), inArray(searchEntries.source, ["annotation", "reply", "message", "answer"])));
    await tx.update(studySessions).set({ discussionRemovedAt: now }).where(inArray(studySessions.id, ids));
    await tx.insert(retentionRemovals).values({ id: randomUUID(), groupId, sessions: ids.length, retentionDays: days, createdAt: now });
    return ids.length;
  });
}

/** When retention removed a session's discussion, or null while it is kept. */
export async function discussionRemovedAt(sessionId: string): Promise<Date | null> {
  const [row] = await db().select({ at: studySessions.discussionRemovedAt }).from(studySessions).where(eq(studySessions.id, sessionId));
  return row?.at ?? null;
}
