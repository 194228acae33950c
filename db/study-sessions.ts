import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { newJoinCode, normaliseJoinCode } from "../lib/join-code";
import { nextStatus, type SessionStatusName } from "../lib/session-status";
import { latestArticleVersion } from "./articles";
import { db, prepared, transaction, type Db } from "./client";
import { appendSessionEvent, lockSessionLog, operationDigest, previousOutcome } from "./session-events";
import type { Role } from "../lib/roles";
import { articles, memberships, polls, speakingQueue, studySessions, users } from "./schema";

/** A study session as listed on its group's page. */
export type StudySessionSummary = {
  id: string;
  title: string;
  scheduledAt: Date;
  status: SessionStatusName;
  articleId: string;
  articleTitle: string;
};

/** A study session with what its page needs. */
export type StudySession = StudySessionSummary & {
  groupId: string;
  articleVersionId: string;
  startedAt: Date | null;
  endedAt: Date | null;
  lastSeq: number;
  joinCode: string | null;
  createdByName: string | null;
};

/** Schedules a session on the latest version of one of the group's articles. */
export async function scheduleSession(input: { groupId: string; articleId: string; title: string; scheduledAt: Date; createdBy: string }): Promise<{ id: string }> {
  const article = (await db().select({ groupId: articles.groupId }).from(articles).where(eq(articles.id, input.articleId)))[0];
  const version = await latestArticleVersion(input.articleId);
  if (!article || article.groupId !== input.groupId || !version) throw new AppError("NOT_FOUND", "That article is not in this group.");
  const id = randomUUID();
  await db()
    .insert(studySessions)
    .values({
      id,
      groupId: input.groupId,
      articleId: input.articleId,
      articleVersionId: version.id,
      title: input.title,
      scheduledAt: input.scheduledAt,
      createdBy: input.createdBy,
      joinCode: await unusedJoinCode(),
    });
  return { id };
}

async function unusedJoinCode(): Promise<string> {
  for (;;) {
    const code = newJoinCode();
    if (!(await db().select({ id: studySessions.id }).from(studySessions).where(eq(studySessions.joinCode, code)))[0]) return code;
  }
}

/** The session a join code opens, while the code is valid (until the session ends). */
export async function findSessionByJoinCode(code: string): Promise<{ id: string; groupId: string } | undefined> {
  const row = (
    await db()
      .select({ id: studySessions.id, groupId: studySessions.groupId, status: studySessions.status })
      .from(studySessions)
      .where(eq(studySessions.joinCode, normaliseJoinCode(code)))
  )[0];
  if (!row || row.status === "ended") return undefined;
  return { id: row.id, groupId: row.groupId };
}

const summaryColumns = {
  id: studySessions.id,
  title: studySessions.title,
  scheduledAt: studySessions.scheduledAt,
  status: studySessions.status,
  articleId: studySessions.articleId,
  articleTitle: articles.title,
};

/** A group's sessions in date order. */
export async function listSessions(groupId: string): Promise<StudySessionSummary[]> {
  return await db()
    .select(summaryColumns)
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .where(eq(studySessions.groupId, groupId))
    .orderBy(asc(studySessions.scheduledAt));
}

const sessionColumns = {
  ...summaryColumns,
  groupId: studySessions.groupId,
  articleVersionId: studySessions.articleVersionId,
  startedAt: studySessions.startedAt,
  endedAt: studySessions.endedAt,
  lastSeq: studySessions.lastSeq,
  joinCode: studySessions.joinCode,
  createdByName: users.displayName,
};

const sessionQuery = prepared("sessionQuery", (database) =>
  database
    .select(sessionColumns)
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .leftJoin(users, eq(users.id, studySessions.createdBy))
    .where(eq(studySessions.id, sql.placeholder("sessionId"))),
);

const sessionWithGroupRoleQuery = prepared("sessionWithGroupRoleQuery", (database) =>
  database
    .select({ ...sessionColumns, groupRole: memberships.role })
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .leftJoin(users, eq(users.id, studySessions.createdBy))
    .leftJoin(memberships, and(eq(memberships.groupId, studySessions.groupId), eq(memberships.userId, sql.placeholder("userId"))))
    .where(eq(studySessions.id, sql.placeholder("sessionId"))),
);

/** One session, or undefined. */
export async function findSession(sessionId: string): Promise<StudySession | undefined> {
  return (await sessionQuery().execute({ sessionId }))[0];
}

/**
 * One session and a person's role in its group (null when they are not a member), in one query:
 * asked on every socket message, where a second round trip to the database would cost as much.
 */
export async function findSessionWithGroupRole(sessionId: string, userId: string): Promise<{ session: StudySession; groupRole: Role | null } | undefined> {
  const [row] = await sessionWithGroupRoleQuery().execute({ sessionId, userId });
  if (!row) return undefined;
  const { groupRole, ...session } = row;
  return { session, groupRole: groupRole ?? null };
}

// An ended session's polls are closed (their votes kept), its queue emptied and its timer stopped.
async function closeRoom(tx: Db, sessionId: string): Promise<void> {
  await tx.update(polls).set({ open: false }).where(eq(polls.sessionId, sessionId));
  await tx.delete(speakingQueue).where(eq(speakingQueue.sessionId, sessionId));
  await tx.update(studySessions).set({ currentStartedAt: null, speakingUserId: null, speakingSince: null }).where(eq(studySessions.id, sessionId));
}

/** Moves a planned session to another time (a started session keeps its time). */
export async function moveSession(input: { sessionId: string; scheduledAt: Date }): Promise<void> {
  const moved = await db()
    .update(studySessions)
    .set({ scheduledAt: input.scheduledAt, scheduleRevision: sql`${studySessions.scheduleRevision} + 1` })
    .where(and(eq(studySessions.id, input.sessionId), eq(studySessions.status, "planned")))
    .returning({ id: studySessions.id });
  if (moved.length === 0) throw new AppError("INVALID_STATUS_CHANGE", "Only a planned session can be moved.");
}

/** Moves a session to its next status and logs it, in one transaction. */
export async function changeSessionStatus(input: { sessionId: string; to: SessionStatusName; actorId: string; clientOpId: string; at?: Date }): Promise<{ seq: number }> {
  return transaction(async (tx) => {
    await lockSessionLog(input.sessionId);
    const digest = operationDigest({ status: input.to });
    const previous = await previousOutcome(tx, { sessionId: input.sessionId, clientOpId: input.clientOpId, actorId: input.actorId, digest });
    if (previous) return { seq: previous.seq };
    const session = (await tx.select({ status: studySessions.status }).from(studySessions).where(eq(studySessions.id, input.sessionId)))[0];
    if (!session) throw new AppError("NOT_FOUND", "This study session does not exist.");
    if (session.status === "ended") throw new AppError("SESSION_ENDED", "This session has ended; it cannot start or end again.");
    if (nextStatus(session.status) !== input.to) {
      throw new AppError("INVALID_STATUS_CHANGE", `A ${session.status} session cannot become ${input.to}.`);
    }
    const now = input.at ?? new Date();
    await tx
      .update(studySessions)
      .set(input.to === "live" ? { status: "live", startedAt: now } : { status: "ended", endedAt: now })
      .where(eq(studySessions.id, input.sessionId));
    if (input.to === "ended") await closeRoom(tx, input.sessionId);
    const event = await appendSessionEvent(tx, {
      sessionId: input.sessionId,
      clientOpId: input.clientOpId,
      actorId: input.actorId,
      type: "session.status",
      payload: { status: input.to },
      digest,
      at: now,
    });
    return { seq: event.seq };
  });
}
