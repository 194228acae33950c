import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { newJoinCode, normaliseJoinCode } from "../lib/join-code";
import { nextStatus, type SessionStatusName } from "../lib/session-status";
import { latestArticleVersion } from "./articles";
import { db, prepared } from "./client";
import { appendSessionEvent, operationDigest, previousOutcome, type Transaction } from "./session-events";
import { articles, polls, speakingQueue, studySessions, users } from "./schema";

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
export function scheduleSession(input: { groupId: string; articleId: string; title: string; scheduledAt: Date; createdBy: string }): { id: string } {
  const article = db().select({ groupId: articles.groupId }).from(articles).where(eq(articles.id, input.articleId)).get();
  const version = latestArticleVersion(input.articleId);
  if (!article || article.groupId !== input.groupId || !version) throw new AppError("NOT_FOUND", "That article is not in this group.");
  const id = randomUUID();
  db()
    .insert(studySessions)
    .values({ id, groupId: input.groupId, articleId: input.articleId, articleVersionId: version.id, title: input.title, scheduledAt: input.scheduledAt, createdBy: input.createdBy, joinCode: unusedJoinCode() })
    .run();
  return { id };
}

function unusedJoinCode(): string {
  for (;;) {
    const code = newJoinCode();
    if (!db().select({ id: studySessions.id }).from(studySessions).where(eq(studySessions.joinCode, code)).get()) return code;
  }
}

/** The session a join code opens, while the code is valid (until the session ends). */
export function findSessionByJoinCode(code: string): { id: string; groupId: string } | undefined {
  const row = db()
    .select({ id: studySessions.id, groupId: studySessions.groupId, status: studySessions.status })
    .from(studySessions)
    .where(eq(studySessions.joinCode, normaliseJoinCode(code)))
    .get();
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
export function listSessions(groupId: string): StudySessionSummary[] {
  return db()
    .select(summaryColumns)
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .where(eq(studySessions.groupId, groupId))
    .orderBy(asc(studySessions.scheduledAt))
    .all();
}

const sessionQuery = prepared((database) =>
  database
    .select({
      ...summaryColumns,
      groupId: studySessions.groupId,
      articleVersionId: studySessions.articleVersionId,
      startedAt: studySessions.startedAt,
      endedAt: studySessions.endedAt,
      lastSeq: studySessions.lastSeq,
      joinCode: studySessions.joinCode,
      createdByName: users.displayName,
    })
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .leftJoin(users, eq(users.id, studySessions.createdBy))
    .where(eq(studySessions.id, sql.placeholder("sessionId")))
    .prepare(),
);

/** One session, or undefined (asked on every socket message). */
export function findSession(sessionId: string): StudySession | undefined {
  return sessionQuery().get({ sessionId });
}

// An ended session's polls are closed (their votes kept), its queue emptied and its timer stopped.
function closeRoom(tx: Transaction, sessionId: string): void {
  tx.update(polls).set({ open: false }).where(eq(polls.sessionId, sessionId)).run();
  tx.delete(speakingQueue).where(eq(speakingQueue.sessionId, sessionId)).run();
  tx.update(studySessions).set({ currentStartedAt: null, speakingUserId: null, speakingSince: null }).where(eq(studySessions.id, sessionId)).run();
}

/** Moves a session to its next status and logs it, in one transaction. */
export function changeSessionStatus(input: { sessionId: string; to: SessionStatusName; actorId: string; clientOpId: string; at?: Date }): { seq: number } {
  return db().transaction((tx) => {
    const digest = operationDigest({ status: input.to });
    const previous = previousOutcome(tx, { sessionId: input.sessionId, clientOpId: input.clientOpId, actorId: input.actorId, digest });
    if (previous) return { seq: previous.seq };
    const session = tx.select({ status: studySessions.status }).from(studySessions).where(eq(studySessions.id, input.sessionId)).get();
    if (!session) throw new AppError("NOT_FOUND", "This study session does not exist.");
    if (nextStatus(session.status) !== input.to) {
      throw new AppError("INVALID_STATUS_CHANGE", `A ${session.status} session cannot become ${input.to}.`);
    }
    const now = input.at ?? new Date();
    tx.update(studySessions)
      .set(input.to === "live" ? { status: "live", startedAt: now } : { status: "ended", endedAt: now })
      .where(eq(studySessions.id, input.sessionId))
      .run();
    if (input.to === "ended") closeRoom(tx, input.sessionId);
    const event = appendSessionEvent(tx, {
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
