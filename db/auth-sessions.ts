import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, ne } from "drizzle-orm";
import { db } from "./client";
import { authSessions } from "./schema";

/** One signed-in browser as its owner sees it in the list of their sessions. */
export type AuthSession = { id: string; device: string; address: string | null; createdAt: Date; lastSeenAt: Date };

/** Who a live session belongs to: an account, or (for the guest flow) a guest. */
export type SessionHolder = { userId: string | null; guestId: string | null };

/** How stale `last_seen_at` may get before a request writes it again (keeps reads from writing on every page). */
export const LAST_SEEN_RESOLUTION_MS = 5 * 60 * 1000;

/** Records a new signed-in browser for an account or a guest; its id goes into the session cookie. */
export async function createAuthSession(input: { userId?: string | null; guestId?: string | null; device?: string; address?: string | null }): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db()
    .insert(authSessions)
    .values({ id, userId: input.userId ?? null, guestId: input.guestId ?? null, device: input.device ?? "", address: input.address ?? null, createdAt: now, lastSeenAt: now });
  return id;
}

/**
 * Who holds a session, or undefined once it has been ended. Notes the visit when the last one
 * is older than LAST_SEEN_RESOLUTION_MS.
 */
export async function liveAuthSession(sessionId: string): Promise<SessionHolder | undefined> {
  const [row] = await db()
    .select({ userId: authSessions.userId, guestId: authSessions.guestId, lastSeenAt: authSessions.lastSeenAt })
    .from(authSessions)
    .where(eq(authSessions.id, sessionId));
  if (!row) return undefined;
  const now = Date.now();
  if (now - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db()
      .update(authSessions)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(authSessions.id, sessionId));
  }
  return { userId: row.userId, guestId: row.guestId };
}

/** An account's signed-in browsers, the most recently used first. */
export async function listAuthSessions(userId: string): Promise<AuthSession[]> {
  return db()
    .select({ id: authSessions.id, device: authSessions.device, address: authSessions.address, createdAt: authSessions.createdAt, lastSeenAt: authSessions.lastSeenAt })
    .from(authSessions)
    .where(eq(authSessions.userId, userId))
    .orderBy(desc(authSessions.lastSeenAt), desc(authSessions.createdAt));
}

/** Ends one session; answers whether it existed. */
export async function endAuthSession(sessionId: string): Promise<boolean> {
  const ended = await db().delete(authSessions).where(eq(authSessions.id, sessionId)).returning({ id: authSessions.id });
  return ended.length > 0;
}

/** Ends one of an account's sessions (never another account's); answers the ids ended. */
export async function endOwnAuthSession(userId: string, sessionId: string): Promise<string[]> {
  const ended = await db()
    .delete(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId)))
    .returning({ id: authSessions.id });
  return ended.map((row) => row.id);
}

/** Ends every session of an account except `keep` (when given); answers the ids ended. */
export async function endAuthSessionsOf(userId: string, keep?: string): Promise<string[]> {
  const condition = keep ? and(eq(authSessions.userId, userId), ne(authSessions.id, keep)) : eq(authSessions.userId, userId);
  const ended = await db().delete(authSessions).where(condition).returning({ id: authSessions.id });
  return ended.map((row) => row.id);
}

/** Ends sessions by id (a guest flow's, say); answers the ids that existed. */
export async function endAuthSessions(sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const ended = await db().delete(authSessions).where(inArray(authSessions.id, sessionIds)).returning({ id: authSessions.id });
  return ended.map((row) => row.id);
}

/** Forgets sessions unused since `before` (their cookies have expired anyway); answers how many. */
export async function pruneAuthSessions(before: Date): Promise<number> {
  const pruned = await db().delete(authSessions).where(lt(authSessions.lastSeenAt, before)).returning({ id: authSessions.id });
  return pruned.length;
}

/** Which of these sessions are still live (for a node checking its open connections). */
export async function stillLiveAuthSessions(sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db().select({ id: authSessions.id }).from(authSessions).where(inArray(authSessions.id, sessionIds));
  return new Set(rows.map((row) => row.id));
}
