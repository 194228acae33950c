import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Block } from "../lib/article/blocks";
import { AppError } from "../lib/errors";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupChecksum, BackupProblem, parseBackup, type Backup, type BackupData } from "../lib/review/backup-format";
import { db } from "./client";
import {
  annotationReplies,
  annotations,
  articles,
  articleVersions,
  groups,
  memberships,
  sessionAttendance,
  sessionEvents,
  studySessions,
  users,
} from "./schema";

/** The database schema version: how many migrations this database has applied. */
export function schemaVersion(): number {
  return db().get<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`)?.n ?? 0;
}

const ms = (date: Date) => date.getTime();
const msOrNull = (date: Date | null) => (date ? date.getTime() : null);
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * A whole group as one JSON document: everything `importGroupBackup` needs to give back the
 * same group, articles, sessions and shared event logs on another instance. Private notes,
 * passwords, e-mail addresses and invite links are left out.
 */
export function exportGroupBackup(groupId: string, now = new Date()): Backup {
  const database = db();
  const group = database.select().from(groups).where(eq(groups.id, groupId)).get();
  if (!group) throw new AppError("NOT_FOUND", "This group does not exist.");
  const memberRows = database.select().from(memberships).where(eq(memberships.groupId, groupId)).orderBy(asc(memberships.userId)).all();
  const articleRows = database.select().from(articles).where(eq(articles.groupId, groupId)).all().sort(byId);
  const articleIds = articleRows.map((row) => row.id);
  const versionRows = articleIds.length
    ? database.select().from(articleVersions).where(inArray(articleVersions.articleId, articleIds)).orderBy(asc(articleVersions.articleId), asc(articleVersions.version)).all()
    : [];
  const sessionRows = database.select().from(studySessions).where(eq(studySessions.groupId, groupId)).all().sort(byId);
  const sessionIds = sessionRows.map((row) => row.id);
  const inSessions = (table: { sessionId: AnySQLiteColumn }) => (sessionIds.length ? inArray(table.sessionId, sessionIds) : sql`0`);
  const eventRows = database
    .select()
    .from(sessionEvents)
    .where(and(inSessions(sessionEvents), isNull(sessionEvents.privateTo)))
    .orderBy(asc(sessionEvents.sessionId), asc(sessionEvents.seq))
    .all();
  const annotationRows = database
    .select()
    .from(annotations)
    .where(and(inSessions(annotations), eq(annotations.visibility, "shared")))
    .all()
    .sort(byId);
  const sharedIds = new Set(annotationRows.map((row) => row.id));
  const replyRows = database
    .select()
    .from(annotationReplies)
    .where(inSessions(annotationReplies))
    .all()
    .filter((row) => sharedIds.has(row.annotationId))
    .sort(byId);
  const attendanceRows = database
    .select()
    .from(sessionAttendance)
    .where(inSessions(sessionAttendance))
    .orderBy(asc(sessionAttendance.sessionId), asc(sessionAttendance.userId))
    .all();

  const referenced = new Set<string>([
    ...memberRows.map((row) => row.userId),
    ...[group.createdBy, ...articleRows.map((row) => row.createdBy), ...versionRows.map((row) => row.createdBy), ...sessionRows.map((row) => row.createdBy)].filter((value): value is string => value !== null),
    ...eventRows.flatMap((row) => (row.actorId ? [row.actorId] : [])),
    ...annotationRows.map((row) => row.authorId),
    ...replyRows.map((row) => row.authorId),
    ...attendanceRows.map((row) => row.userId),
  ]);
  const userRows = referenced.size ? database.select().from(users).where(inArray(users.id, [...referenced])).all().sort(byId) : [];

  const data: BackupData = {
    group: { id: group.id, name: group.name, description: group.description, createdBy: group.createdBy, createdAt: ms(group.createdAt) },
    users: userRows.map((row) => ({ id: row.id, username: row.username, displayName: row.displayName, locale: row.locale, createdAt: ms(row.createdAt) })),
    memberships: memberRows.map((row) => ({ userId: row.userId, role: row.role, joinedAt: ms(row.joinedAt) })),
    articles: articleRows.map((row) => ({
      id: row.id,
      title: row.title,
      author: row.author,
      sourceName: row.sourceName,
      sourceUrl: row.sourceUrl,
      publishedOn: row.publishedOn,
      language: row.language,
      createdBy: row.createdBy,
      createdAt: ms(row.createdAt),
    })),
    articleVersions: versionRows.map((row) => ({
      id: row.id,
      articleId: row.articleId,
      version: row.version,
      blocks: row.blocks as Block[],
      wordCount: row.wordCount,
      createdBy: row.createdBy,
      createdAt: ms(row.createdAt),
    })),
    sessions: sessionRows.map((row) => ({
      id: row.id,
      articleId: row.articleId,
      articleVersionId: row.articleVersionId,
      title: row.title,
      scheduledAt: ms(row.scheduledAt),
      status: row.status,
      startedAt: msOrNull(row.startedAt),
      endedAt: msOrNull(row.endedAt),
      lastSeq: row.lastSeq,
      createdBy: row.createdBy,
      createdAt: ms(row.createdAt),
    })),
    events: eventRows.map((row) => ({
      sessionId: row.sessionId,
      seq: row.seq,
      clientOpId: row.clientOpId,
      actorId: row.actorId,
      type: row.type,
      payload: row.payload,
      opDigest: row.opDigest,
      createdAt: ms(row.createdAt),
    })),
    annotations: annotationRows.map((row) => ({
      id: row.id,
      sessionId: row.sessionId,
      authorId: row.authorId,
      kind: row.kind,
      visibility: "shared" as const,
      startOffset: row.startOffset,
      endOffset: row.endOffset,
      exact: row.exact,
      prefix: row.prefix,
      suffix: row.suffix,
      body: row.body,
      bodyHtml: row.bodyHtml,
      beforeMeeting: row.beforeMeeting,
      createdAt: ms(row.createdAt),
      editedAt: msOrNull(row.editedAt),
      hiddenAt: msOrNull(row.hiddenAt),
      deletedAt: msOrNull(row.deletedAt),
      seq: row.seq,
    })),
    replies: replyRows.map((row) => ({
      id: row.id,
      annotationId: row.annotationId,
      sessionId: row.sessionId,
      authorId: row.authorId,
      body: row.body,
      bodyHtml: row.bodyHtml,
      createdAt: ms(row.createdAt),
      editedAt: msOrNull(row.editedAt),
      hiddenAt: msOrNull(row.hiddenAt),
      deletedAt: msOrNull(row.deletedAt),
      seq: row.seq,
    })),
    attendance: attendanceRows.map((row) => ({ sessionId: row.sessionId, userId: row.userId, firstSeenAt: ms(row.firstSeenAt), lastSeenAt: ms(row.lastSeenAt) })),
    extra: {},
  };
  return { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, schemaVersion: schemaVersion(), exportedAt: now.toISOString(), checksum: backupChecksum(data), data };
}

/** What an import did: the group it restored and the accounts it had to create. */
export type ImportOutcome = { groupId: string; groupName: string; createdUsers: { id: string; username: string }[]; sessions: number; events: number };

/**
 * Restores a group from a backup file's text in one transaction: every check passes and
 * every row is written, or nothing is. Accounts the instance does not have yet are created
 * with the password hash `passwordHashFor` gives (backups carry no passwords). Throws a
 * BackupProblem that says what is wrong with the file or why it does not fit this instance.
 */
export function importGroupBackup(text: string, passwordHashFor: (user: { id: string; username: string }) => string): ImportOutcome {
  const backup = parseBackup(text, schemaVersion());
  const data = backup.data;
  checkConsistency(data);
  const database = db();
  try {
    return database.transaction((tx) => {
      if (tx.select({ id: groups.id }).from(groups).where(eq(groups.id, data.group.id)).get()) {
        throw new BackupProblem(`The group "${data.group.name}" is already on this instance; import a backup into an instance that does not have it.`);
      }
      const createdUsers: { id: string; username: string }[] = [];
      for (const user of data.users) {
        const byUsername = tx.select({ id: users.id }).from(users).where(eq(users.username, user.username)).get();
        const byIdentity = tx.select({ username: users.username }).from(users).where(eq(users.id, user.id)).get();
        if (byIdentity && byIdentity.username === user.username) continue;
        if (byIdentity || byUsername) throw new BackupProblem(`The username "${user.username}" belongs to a different account on this instance, so the backup's member cannot be restored.`);
        tx.insert(users)
          .values({ id: user.id, username: user.username, displayName: user.displayName, locale: user.locale, passwordHash: passwordHashFor(user), createdAt: new Date(user.createdAt) })
          .run();
        createdUsers.push({ id: user.id, username: user.username });
      }
      const group = data.group;
      tx.insert(groups).values({ ...group, createdAt: new Date(group.createdAt) }).run();
      for (const row of data.memberships) tx.insert(memberships).values({ groupId: group.id, userId: row.userId, role: row.role, joinedAt: new Date(row.joinedAt) }).run();
      for (const row of data.articles) tx.insert(articles).values({ ...row, groupId: group.id, createdAt: new Date(row.createdAt) }).run();
      for (const row of [...data.articleVersions].sort((a, b) => a.version - b.version)) tx.insert(articleVersions).values({ ...row, createdAt: new Date(row.createdAt) }).run();
      for (const row of data.sessions) {
        tx.insert(studySessions)
          .values({ ...row, groupId: group.id, scheduledAt: new Date(row.scheduledAt), startedAt: dateOrNull(row.startedAt), endedAt: dateOrNull(row.endedAt), createdAt: new Date(row.createdAt) })
          .run();
      }
      for (const row of data.events) tx.insert(sessionEvents).values({ ...row, privateTo: null, createdAt: new Date(row.createdAt) }).run();
      for (const row of data.annotations) {
        tx.insert(annotations)
          .values({ ...row, createdAt: new Date(row.createdAt), editedAt: dateOrNull(row.editedAt), hiddenAt: dateOrNull(row.hiddenAt), deletedAt: dateOrNull(row.deletedAt) })
          .run();
      }
      for (const row of data.replies) {
        tx.insert(annotationReplies)
          .values({ ...row, createdAt: new Date(row.createdAt), editedAt: dateOrNull(row.editedAt), hiddenAt: dateOrNull(row.hiddenAt), deletedAt: dateOrNull(row.deletedAt) })
          .run();
      }
      for (const row of data.attendance) tx.insert(sessionAttendance).values({ ...row, firstSeenAt: new Date(row.firstSeenAt), lastSeenAt: new Date(row.lastSeenAt) }).run();
      for (const table of Object.keys(data.extra)) {
        if (data.extra[table]!.length > 0) throw new BackupProblem(`This backup holds "${table}" rows, which this version of Study Circle cannot restore yet.`);
      }
      return { groupId: group.id, groupName: group.name, createdUsers, sessions: data.sessions.length, events: data.events.length };
    });
  } catch (error) {
    if (error instanceof BackupProblem) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BackupProblem(`This backup could not be restored, and nothing was changed: ${message}.`);
  }
}

function dateOrNull(value: number | null): Date | null {
  return value === null ? null : new Date(value);
}

/** References inside the file that the database cannot check by itself, checked before writing anything. */
function checkConsistency(data: BackupData): void {
  const fail = (message: string) => {
    throw new BackupProblem(`This backup is inconsistent (damaged or edited by hand): ${message}.`);
  };
  const userIds = new Set(data.users.map((user) => user.id));
  const articleIds = new Set(data.articles.map((article) => article.id));
  const versions = new Map(data.articleVersions.map((version) => [version.id, version]));
  const sessions = new Map(data.sessions.map((session) => [session.id, session]));
  for (const membership of data.memberships) if (!userIds.has(membership.userId)) fail(`a member (${membership.userId}) has no account in the file`);
  if (!data.memberships.some((membership) => membership.role === "owner")) fail("the group has no owner");
  for (const version of data.articleVersions) if (!articleIds.has(version.articleId)) fail(`an article version belongs to no article of the group`);
  for (const session of data.sessions) {
    const version = versions.get(session.articleVersionId);
    if (!version || version.articleId !== session.articleId) fail(`session "${session.title}" reads an article version that is not in the file`);
  }
  const seen = new Map<string, Set<number>>();
  for (const event of data.events) {
    const session = sessions.get(event.sessionId);
    if (!session) fail(`an event belongs to no session of the group`);
    if (event.seq > session!.lastSeq) fail(`session "${session!.title}" has an event after its last sequence number`);
    const numbers = seen.get(event.sessionId) ?? new Set<number>();
    if (numbers.has(event.seq)) fail(`session "${session!.title}" has two events numbered ${event.seq}`);
    numbers.add(event.seq);
    seen.set(event.sessionId, numbers);
  }
  for (const annotation of data.annotations) if (!sessions.has(annotation.sessionId)) fail(`an annotation belongs to no session of the group`);
}
