import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { SessionRole } from "../lib/roles";
import { db, prepared, transaction } from "./client";
import { roleInGroup } from "./groups";
import { findSessionWithGroupRole, type StudySession } from "./study-sessions";
import { memberships, sessionGuests, studySessions, users } from "./schema";

/** Whether a guest waits to be let in, is in, or was removed by a facilitator. */
export type GuestStatus = "waiting" | "admitted" | "removed";

/** A session's guest as its facilitators see them. */
export type Guest = { userId: string; displayName: string; status: GuestStatus; arrivedAt: Date; hasAccount: boolean };

/** A session's guest settings. */
export type GuestSettings = { allowed: boolean; admitAutomatically: boolean };

/** Most guests one session takes (waiting, in or removed), so a known code cannot fill the database. */
export const MAX_GUESTS_PER_SESSION = 300;

/** The session's guest settings, or undefined when there is no such session. */
export async function guestSettings(sessionId: string): Promise<GuestSettings | undefined> {
  const [row] = await db()
    .select({ allowed: studySessions.guestsAllowed, admitAutomatically: studySessions.guestsAdmittedAutomatically })
    .from(studySessions)
    .where(eq(studySessions.id, sessionId));
  return row;
}

/**
 * Changes whether guests may join and whether they are let in at once. Turning automatic
 * admission on lets in everyone already waiting. Turning guests off stops new arrivals;
 * guests already in stay until removed or until the session ends.
 */
export async function changeGuestSettings(sessionId: string, change: Partial<GuestSettings>, now = new Date()): Promise<GuestSettings> {
  return transaction(async (tx) => {
    const [session] = await tx.select({ status: studySessions.status }).from(studySessions).where(eq(studySessions.id, sessionId));
    if (!session) throw new AppError("NOT_FOUND", "This study session does not exist.");
    if (session.status === "ended") throw new AppError("SESSION_ENDED", "This session has ended.");
    const values = {
      ...(change.allowed !== undefined && { guestsAllowed: change.allowed }),
      ...(change.admitAutomatically !== undefined && { guestsAdmittedAutomatically: change.admitAutomatically }),
    };
    if (Object.keys(values).length) await tx.update(studySessions).set(values).where(eq(studySessions.id, sessionId));
    if (change.admitAutomatically) await admitWaiting(sessionId, null, now);
    return (await guestSettings(sessionId))!;
  });
}

/**
 * Someone with the code arrives as a guest: a new guest user with the name they gave, waiting
 * or let in at once as the session says. Refused (NOT_FOUND, like a wrong code) when the session
 * takes no guests or has ended.
 */
export async function arriveAsGuest(
  input: { sessionId: string; displayName: string; locale: "en" | "es" | null },
  now = new Date(),
): Promise<{ userId: string; status: GuestStatus }> {
  return transaction(async (tx) => {
    const settings = await openToGuests(input.sessionId);
    const userId = randomUUID();
    await tx.insert(users).values({
      id: userId,
      // Never typed by anyone: guests cannot sign in with a password (see findUserForSignIn).
      username: `guest.${randomBytes(9).toString("base64url").toLowerCase()}`,
      displayName: input.displayName,
      passwordHash: "",
      locale: input.locale,
      kind: "guest",
    });
    const status = settings.admitAutomatically ? "admitted" : "waiting";
    await tx.insert(sessionGuests).values({ sessionId: input.sessionId, userId, status, arrivedAt: now, decidedAt: status === "admitted" ? now : null });
    return { userId, status };
  });
}

/**
 * A signed-in person from outside the group arrives with the code: they join as a guest of
 * this session under their own name, and get nothing else of the group. A removed guest stays
 * removed.
 */
export async function arriveWithAccount(sessionId: string, userId: string, now = new Date()): Promise<GuestStatus> {
  return transaction(async (tx) => {
    const [existing] = await tx
      .select({ status: sessionGuests.status })
      .from(sessionGuests)
      .where(and(eq(sessionGuests.sessionId, sessionId), eq(sessionGuests.userId, userId)));
    if (existing) return existing.status;
    const settings = await openToGuests(sessionId);
    const status = settings.admitAutomatically ? "admitted" : "waiting";
    await tx.insert(sessionGuests).values({ sessionId, userId, status, arrivedAt: now, decidedAt: status === "admitted" ? now : null });
    return status;
  });
}

async function openToGuests(sessionId: string): Promise<GuestSettings> {
  const [session] = await db()
    .select({ status: studySessions.status, allowed: studySessions.guestsAllowed, admitAutomatically: studySessions.guestsAdmittedAutomatically })
    .from(studySessions)
    .where(eq(studySessions.id, sessionId));
  if (!session || session.status === "ended" || !session.allowed) throw new AppError("NOT_FOUND", "No session takes guests with that code.");
  const [{ n } = { n: 0 }] = await db().select({ n: count() }).from(sessionGuests).where(eq(sessionGuests.sessionId, sessionId));
  if (n >= MAX_GUESTS_PER_SESSION) throw new AppError("RATE_LIMITED", "This session has as many guests as it can take.", { minutes: 15 });
  return session;
}

/** Every guest of a session, in the order they arrived. */
export async function listGuests(sessionId: string): Promise<Guest[]> {
  const rows = await db()
    .select({ userId: sessionGuests.userId, displayName: users.displayName, status: sessionGuests.status, arrivedAt: sessionGuests.arrivedAt, kind: users.kind })
    .from(sessionGuests)
    .innerJoin(users, eq(users.id, sessionGuests.userId))
    .where(eq(sessionGuests.sessionId, sessionId))
    // Two guests can arrive in the same millisecond; the name keeps their order the same on every read.
    .orderBy(asc(sessionGuests.arrivedAt), asc(users.displayName));
  return rows.map(({ kind, ...guest }) => ({ ...guest, hasAccount: kind === "account" }));
}

/** Who was ever a guest of the session: their items carry the "guest" mark everywhere they show. */
export async function sessionGuestIds(sessionId: string): Promise<string[]> {
  const rows = await db().select({ userId: sessionGuests.userId }).from(sessionGuests).where(eq(sessionGuests.sessionId, sessionId));
  return rows.map((row) => row.userId);
}

/** Lets in one waiting guest, or every waiting guest when `userId` is null. Returns who was let in. */
export async function admitGuests(sessionId: string, userId: string | null, now = new Date()): Promise<string[]> {
  return transaction(() => admitWaiting(sessionId, userId, now));
}

async function admitWaiting(sessionId: string, userId: string | null, now: Date): Promise<string[]> {
  const waiting = and(eq(sessionGuests.sessionId, sessionId), eq(sessionGuests.status, "waiting"), userId ? eq(sessionGuests.userId, userId) : undefined);
  const rows = await db().update(sessionGuests).set({ status: "admitted", decidedAt: now }).where(waiting).returning({ userId: sessionGuests.userId });
  return rows.map((row) => row.userId);
}

/** Removes a guest (waiting or in) from the session; what they wrote stays. */
export async function removeGuest(sessionId: string, userId: string, now = new Date()): Promise<void> {
  const rows = await db()
    .update(sessionGuests)
    .set({ status: "removed", decidedAt: now })
    .where(and(eq(sessionGuests.sessionId, sessionId), eq(sessionGuests.userId, userId)))
    .returning({ userId: sessionGuests.userId });
  if (!rows.length) throw new AppError("NOT_FOUND", "That person is not a guest of this session.");
}

const guestQuery = prepared("guestQuery", (database) =>
  database
    .select({ status: sessionGuests.status, sessionStatus: studySessions.status })
    .from(sessionGuests)
    .innerJoin(studySessions, eq(studySessions.id, sessionGuests.sessionId))
    .where(and(eq(sessionGuests.sessionId, sql.placeholder("sessionId")), eq(sessionGuests.userId, sql.placeholder("userId")))),
);

/**
 * Where a guest stands in a session: "waiting", "admitted", "removed", "ended" (the session
 * ended, and with it their access), or null when they never came as a guest.
 */
export async function guestStanding(sessionId: string, userId: string): Promise<GuestStatus | "ended" | null> {
  const [row] = await guestQuery().execute({ sessionId, userId });
  if (!row) return null;
  if (row.status === "removed") return "removed";
  return row.sessionStatus === "ended" ? "ended" : row.status;
}

/**
 * A person's role in one session: their role in its group, else "guest" while they are an
 * admitted guest of this session and it has not ended.
 */
export async function roleInSession(session: { id: string; groupId: string }, userId: string): Promise<SessionRole | null> {
  const role = await roleInGroup(session.groupId, userId);
  if (role) return role;
  return await guestRole(session.id, userId);
}

/**
 * A session and a person's role in it as `roleInSession` answers it (asked on every socket
 * message): a member's in one query; a guest's needs a second.
 */
export async function sessionWithRole(sessionId: string, userId: string): Promise<{ session: StudySession; role: SessionRole | null } | undefined> {
  const found = await findSessionWithGroupRole(sessionId, userId);
  if (!found) return undefined;
  return { session: found.session, role: found.groupRole ?? (await guestRole(sessionId, userId)) };
}

/** What an operation needs of its session: no title, article title or creator (`StudySession`). */
export type OperationSession = Pick<StudySession, "id" | "groupId" | "status" | "articleId" | "articleVersionId" | "lastSeq">;

const operationSessionQuery = prepared("operationSessionQuery", (database) =>
  database
    .select({
      id: studySessions.id,
      groupId: studySessions.groupId,
      status: studySessions.status,
      articleId: studySessions.articleId,
      articleVersionId: studySessions.articleVersionId,
      lastSeq: studySessions.lastSeq,
      groupRole: memberships.role,
    })
    .from(studySessions)
    .leftJoin(memberships, and(eq(memberships.groupId, studySessions.groupId), eq(memberships.userId, sql.placeholder("userId"))))
    .where(eq(studySessions.id, sql.placeholder("sessionId"))),
);

/**
 * `sessionWithRole` for an operation, asked on every one: only what it needs of the session, in
 * one query of two tables for a member (the full session joins four).
 */
export async function operationSessionWithRole(sessionId: string, userId: string): Promise<{ session: OperationSession; role: SessionRole | null } | undefined> {
  const [row] = await operationSessionQuery().execute({ sessionId, userId });
  if (!row) return undefined;
  const { groupRole, ...session } = row;
  return { session, role: groupRole ?? (await guestRole(sessionId, userId)) };
}

async function guestRole(sessionId: string, userId: string): Promise<"guest" | null> {
  return (await guestStanding(sessionId, userId)) === "admitted" ? "guest" : null;
}

/** The session a guest user came for (a guest user belongs to exactly one), or undefined for accounts. */
export async function guestHome(userId: string): Promise<{ sessionId: string; groupId: string } | undefined> {
  const [row] = await db()
    .select({ sessionId: sessionGuests.sessionId, groupId: studySessions.groupId })
    .from(sessionGuests)
    .innerJoin(users, eq(users.id, sessionGuests.userId))
    .innerJoin(studySessions, eq(studySessions.id, sessionGuests.sessionId))
    .where(and(eq(sessionGuests.userId, userId), eq(users.kind, "guest")));
  return row;
}

/**
 * A guest creates an account: their guest user becomes the account (same id), so everything
 * they wrote in the session — annotations, replies, messages, answers, votes, the event log —
 * is theirs at once, with nothing copied. They stay marked as the session's guest there.
 */
export async function claimGuest(
  userId: string,
  account: { username: string; displayName: string; email: string | null; passwordHash: string; locale: "en" | "es" | null },
): Promise<void> {
  const username = account.username.toLowerCase();
  const email = account.email?.toLowerCase() ?? null;
  await transaction(async (tx) => {
    const [guest] = await tx.select({ kind: users.kind }).from(users).where(eq(users.id, userId));
    if (guest?.kind !== "guest") throw new AppError("FORBIDDEN", "Only a guest can turn their visit into an account.");
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]) throw new AppError("USERNAME_TAKEN", "That username is taken.");
    if (email && (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]) {
      throw new AppError("EMAIL_TAKEN", "That e-mail address is already used by another account.");
    }
    await tx
      .update(users)
      .set({ username, displayName: account.displayName, email, passwordHash: account.passwordHash, locale: account.locale, kind: "account" })
      .where(eq(users.id, userId));
  });
}
