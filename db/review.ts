import { and, asc, eq, sql } from "drizzle-orm";
import { presentEvent } from "../lib/annotations/present";
import { AppError } from "../lib/errors";
import type { AnnotationView, ReplyView, SessionEventView } from "../lib/protocol";
import { redactRetracted } from "../lib/review/replay";
import type { Person, RecordMessage, RecordQuestion, SessionRecord } from "../lib/review/session-record";
import { findArticle, findArticleVersion } from "./articles";
import { db } from "./client";
import { findGroup } from "./groups";
import { annotationsSnapshot } from "./annotations";
import { meetingSnapshot } from "./meeting";
import { sessionAttendance, sessionEvents, studySessions, users } from "./schema";
import { threadSnapshot } from "./thread";
import { sessionEventsAfter, type LogViewer } from "./session-events";
import { findSession, type StudySession } from "./study-sessions";

/** Notes that a member is in a live session's room (the roll call the archive and minutes use). */
export function recordAttendance(sessionId: string, userId: string, at = new Date()): void {
  db()
    .insert(sessionAttendance)
    .values({ sessionId, userId, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoUpdate({ target: [sessionAttendance.sessionId, sessionAttendance.userId], set: { lastSeenAt: at } })
    .run();
}

/** A session of this group, or a NOT_FOUND that says so (never another group's session). */
export function sessionInGroup(groupId: string, sessionId: string): StudySession {
  const session = findSession(sessionId);
  if (!session || session.groupId !== groupId) throw new AppError("NOT_FOUND", "That study session is not in this group.");
  return session;
}

/** Who started the session (its facilitator), else who scheduled it. */
export function sessionFacilitator(sessionId: string): Person | null {
  const started = db()
    .select({ id: users.id, name: users.displayName })
    .from(sessionEvents)
    .innerJoin(users, eq(users.id, sessionEvents.actorId))
    .where(and(eq(sessionEvents.sessionId, sessionId), eq(sessionEvents.type, "session.status"), sql`json_extract(${sessionEvents.payload}, '$.status') = 'live'`))
    .orderBy(asc(sessionEvents.seq))
    .limit(1)
    .get();
  if (started) return started;
  return (
    db()
      .select({ id: users.id, name: users.displayName })
      .from(studySessions)
      .innerJoin(users, eq(users.id, studySessions.createdBy))
      .where(eq(studySessions.id, sessionId))
      .get() ?? null
  );
}

/** Everyone who took part: in the room while it was live, or did something others can see. By name. */
export function sessionParticipants(sessionId: string): Person[] {
  const rows = db().all<{ id: string; name: string }>(sql`
    SELECT u.id AS id, u.display_name AS name FROM users AS u WHERE u.id IN (
      SELECT user_id FROM session_attendance WHERE session_id = ${sessionId}
      UNION SELECT actor_id FROM session_events WHERE session_id = ${sessionId} AND private_to IS NULL AND actor_id IS NOT NULL
    ) ORDER BY u.display_name COLLATE NOCASE`);
  return rows;
}

/**
 * A session's event log as one member may replay it: what everyone saw, their own private
 * events, facilitators' events when they run meetings, in order, with the words of anything
 * later hidden or deleted taken out of its earlier versions too.
 */
export function reviewEvents(sessionId: string, viewer: LogViewer): SessionEventView[] {
  return redactRetracted(sessionEventsAfter(sessionId, 0, viewer, Number.MAX_SAFE_INTEGER).map(presentEvent));
}

/** The shared, standing annotations of a session and their standing replies (what exports contain), in reading order. */
export function sharedThreads(sessionId: string): { annotations: AnnotationView[]; replies: ReplyView[] } {
  // Seen by nobody in particular: shared items only, as the live snapshot presents them.
  const layer = db().transaction((tx) => annotationsSnapshot(tx, sessionId, ""));
  const shown = layer.annotations
    .filter((annotation) => annotation.visibility === "shared" && !annotation.hidden)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt);
  const ids = new Set(shown.map((annotation) => annotation.id));
  return { annotations: shown, replies: layer.replies.filter((reply) => !reply.hidden && ids.has(reply.annotationId)).sort((a, b) => a.createdAt - b.createdAt) };
}

/**
 * Everything exporters need about one session of one group; refuses a session of another group.
 */
export function loadSessionRecord(groupId: string, sessionId: string): SessionRecord {
  const session = sessionInGroup(groupId, sessionId);
  const group = findGroup(groupId);
  const article = findArticle(groupId, session.articleId);
  const version = findArticleVersion(session.articleVersionId);
  if (!group || !article || !version) throw new AppError("NOT_FOUND", "That study session is not in this group.");
  const { annotations: shared, replies } = sharedThreads(sessionId);
  return {
    group: { id: group.id, name: group.name },
    session: {
      id: session.id,
      title: session.title,
      status: session.status,
      scheduledAt: session.scheduledAt.getTime(),
      startedAt: session.startedAt?.getTime() ?? null,
      endedAt: session.endedAt?.getTime() ?? null,
    },
    article: { ...article, versionId: version.id, version: version.version },
    blocks: version.blocks,
    facilitator: sessionFacilitator(sessionId),
    participants: sessionParticipants(sessionId),
    annotations: shared,
    replies,
    questions: sessionQuestions(sessionId),
    messages: sessionMessages(sessionId),
  };
}

/**
 * The questions members saw (revealed from the agenda, or raised into the parking lot), with
 * the answers open to everyone, as the live snapshot shows them to a member: sealed answers stay out.
 */
export function sessionQuestions(sessionId: string): RecordQuestion[] {
  const { questions, answers } = db().transaction((tx) => meetingSnapshot(tx, sessionId, { id: "", facilitator: false }, 0));
  const ordered = [...questions].sort((a, b) => (a.place === b.place ? a.position - b.position : a.place === "agenda" ? -1 : 1));
  return ordered.map((question) => {
    const thread = answers.filter((answer) => answer.questionId === question.id).sort((a, b) => a.createdAt - b.createdAt);
    return {
      id: question.id,
      text: question.text,
      status: question.place === "parking" ? "parked" : thread.length > 0 ? "answered" : "open",
      authorName: question.authorName,
      passage: question.passage,
      answers: thread.map((answer) => ({ id: answer.id, authorName: answer.authorName, body: answer.body, createdAt: answer.createdAt })),
    };
  });
}

/** The session's discussion thread, oldest first (deleted messages left out). */
export function sessionMessages(sessionId: string): RecordMessage[] {
  return db()
    .transaction((tx) => threadSnapshot(tx, sessionId))
    .map((message) => ({ id: message.id, authorName: message.authorName, body: message.body, createdAt: message.createdAt, replyToId: message.parentId }));
}
