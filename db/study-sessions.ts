import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { nextStatus, type SessionStatusName } from "../lib/session-status";
import { latestArticleVersion } from "./articles";
import { db } from "./client";
import { appendSessionEvent, findEventByClientOp } from "./session-events";
import { articles, studySessions, users } from "./schema";

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
    .values({ id, groupId: input.groupId, articleId: input.articleId, articleVersionId: version.id, title: input.title, scheduledAt: input.scheduledAt, createdBy: input.createdBy })
    .run();
  return { id };
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

/** One session, or undefined. */
export function findSession(sessionId: string): StudySession | undefined {
  return db()
    .select({
      ...summaryColumns,
      groupId: studySessions.groupId,
      articleVersionId: studySessions.articleVersionId,
      startedAt: studySessions.startedAt,
      endedAt: studySessions.endedAt,
      lastSeq: studySessions.lastSeq,
      createdByName: users.displayName,
    })
    .from(studySessions)
    .innerJoin(articles, eq(articles.id, studySessions.articleId))
    .leftJoin(users, eq(users.id, studySessions.createdBy))
    .where(eq(studySessions.id, sessionId))
    .get();
}

/**
 * Moves a session to its next status and logs it, in one transaction. A resent operation
 * (same client operation id) is answered with the original sequence number.
 */
export function changeSessionStatus(input: { sessionId: string; to: SessionStatusName; actorId: string; clientOpId: string }): { seq: number } {
  return db().transaction((tx) => {
    const session = tx.select({ status: studySessions.status }).from(studySessions).where(eq(studySessions.id, input.sessionId)).get();
    if (!session) throw new AppError("NOT_FOUND", "This study session does not exist.");
    const logged = { sessionId: input.sessionId, clientOpId: input.clientOpId, actorId: input.actorId, type: "session.status", payload: { status: input.to } };
    // A resend returns the original event, or throws CONFLICT if the id was used for something else.
    if (findEventByClientOp(tx, input.sessionId, input.clientOpId)) return { seq: appendSessionEvent(tx, logged).event.seq };
    if (nextStatus(session.status) !== input.to) {
      throw new AppError("INVALID_STATUS_CHANGE", `A ${session.status} session cannot become ${input.to}.`);
    }
    const now = new Date();
    tx.update(studySessions)
      .set(input.to === "live" ? { status: "live", startedAt: now } : { status: "ended", endedAt: now })
      .where(eq(studySessions.id, input.sessionId))
      .run();
    return { seq: appendSessionEvent(tx, logged).event.seq };
  });
}
