import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gte } from "drizzle-orm";
import type { CalendarSession } from "../lib/calendar/session-calendar";
import { db } from "./client";
import { articles, calendarFeeds, groups, memberships, studySessions } from "./schema";

/** How far back a calendar feed lists past sessions. */
const FEED_HISTORY_DAYS = 90;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Gives a member a new secret calendar address; the previous one (if any) stops working at once. */
export async function openCalendarFeed(userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const tokenHash = hashToken(token);
  await db()
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: now } });
  return token;
}

/** Ends a member's calendar address. */
export async function closeCalendarFeed(userId: string): Promise<void> {
  await db().delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
}

/** When the member's current calendar address was made, or null when they have none. */
export async function calendarFeedOpenedAt(userId: string): Promise<Date | null> {
  const [feed] = await db().select({ createdAt: calendarFeeds.createdAt }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return feed?.createdAt ?? null;
}

/** Whose calendar a secret address opens, if it is still valid. */
export async function calendarFeedOwner(token: string): Promise<string | undefined> {
  const [feed] = await db()
    .select({ userId: calendarFeeds.userId })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.tokenHash, hashToken(token)));
  return feed?.userId;
}

const calendarColumns = {
  id: studySessions.id,
  groupId: studySessions.groupId,
  groupName: groups.name,
  title: studySessions.title,
  articleTitle: articles.title,
  scheduledAt: studySessions.scheduledAt,
  status: studySessions.status,
  startedAt: studySessions.startedAt,
  endedAt: studySessions.endedAt,
  revision: studySessions.scheduleRevision,
};

/** The sessions of every group a member belongs to, from FEED_HISTORY_DAYS ago on. */
export async function calendarSessionsFor(userId: string, now = new Date()): Promise<CalendarSession[]> {
  const since = new Date(now.getTime() - FEED_HISTORY_DAYS * 24 * 60 * 60 * 1000);
  return await db()
    .select(calendarColumns)
    .from(studySessions)
    .innerJoin(memberships, and(eq(memberships.groupId, studySessions.groupId), eq(memberships.userId, userId)))
    .innerJoin(groups, eq(groups.id, studySessions.groupId))
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .where(gte(studySessions.scheduledAt, since))
    .orderBy(asc(studySessions.scheduledAt));
}

/** One session as a calendar event. */
export async function calendarSession(sessionId: string): Promise<CalendarSession | undefined> {
  const [session] = await db()
    .select(calendarColumns)
    .from(studySessions)
    .innerJoin(groups, eq(groups.id, studySessions.groupId))
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .where(eq(studySessions.id, sessionId));
  return session;
}
