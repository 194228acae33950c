import { and, eq, getTableColumns, inArray, ne, sql, type Column, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { AppError } from "../lib/errors";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, backupChecksum, BackupProblem, parseBackup, type Backup, type BackupData, type BackupRow } from "../lib/review/backup-format";
import { readFileSync } from "node:fs";
import path from "node:path";
import { databaseEngine, db, migrationsFolder, rawRows, transaction } from "./client";
import { advanceIdentityCounters } from "./dialect";
import {
  annotationReplies,
  annotations,
  answers,
  articles,
  articleVersions,
  groups,
  memberships,
  messages,
  polls,
  pollVotes,
  questions,
  sessionAttendance,
  sessionGuests,
  sessionEvents,
  speakingQueue,
  studySessions,
  users,
} from "./schema";

/**
 * The schema version rows follow: how many migrations the SQLite history holds. A PostgreSQL
 * instance runs the same schema (db/schema.test.ts holds the two in step) with a shorter
 * history of its own, so both engines read and write backups of the same version.
 */
export async function schemaVersion(): Promise<number> {
  if (databaseEngine() === "postgres") return sqliteMigrationCount();
  const [row] = await rawRows<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
  return row?.n ?? 0;
}

function sqliteMigrationCount(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder("sqlite"), "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** The ids that decide which rows of each table belong to the group being exported. */
type Scope = { groupId: string; articleIds: string[]; sessionIds: string[]; sharedAnnotationIds: string[]; pollIds: string[] };

type BackupTable = {
  name: string;
  table: SQLiteTable;
  /** Which rows belong to the group (undefined: none yet). */
  rows: (scope: Scope) => SQL | undefined;
  /** Records the ids later tables are scoped by. */
  collect?: (scope: Scope, rows: BackupRow[]) => void;
};

const within = (column: AnySQLiteColumn, ids: string[]) => (ids.length > 0 ? inArray(column, ids) : undefined);
const ids = (rows: BackupRow[]) => rows.map((row) => row.id as string);

/**
 * Every table a group backup holds, in the order they are restored (parents first), and how
 * the group's rows are found. A new table that belongs to a group adds one line here. Left
 * out on purpose: invites (their tokens are secrets), facilitator_notes and private
 * annotations (private to their authors), events only their author may see, and
 * search_entries (rebuilt by triggers as rows are restored). Users are handled apart.
 */
const backupTables: BackupTable[] = [
  { name: "groups", table: groups, rows: (scope) => eq(groups.id, scope.groupId) },
  { name: "memberships", table: memberships, rows: (scope) => eq(memberships.groupId, scope.groupId) },
  { name: "articles", table: articles, rows: (scope) => eq(articles.groupId, scope.groupId), collect: (scope, rows) => (scope.articleIds = ids(rows)) },
  { name: "article_versions", table: articleVersions, rows: (scope) => within(articleVersions.articleId, scope.articleIds) },
  { name: "study_sessions", table: studySessions, rows: (scope) => eq(studySessions.groupId, scope.groupId), collect: (scope, rows) => (scope.sessionIds = ids(rows)) },
  { name: "session_events", table: sessionEvents, rows: (scope) => and(within(sessionEvents.sessionId, scope.sessionIds), ne(sessionEvents.audience, "author")) },
  {
    name: "annotations",
    table: annotations,
    rows: (scope) => and(within(annotations.sessionId, scope.sessionIds), eq(annotations.visibility, "shared")),
    collect: (scope, rows) => (scope.sharedAnnotationIds = ids(rows)),
  },
  { name: "annotation_replies", table: annotationReplies, rows: (scope) => within(annotationReplies.annotationId, scope.sharedAnnotationIds) },
  { name: "messages", table: messages, rows: (scope) => within(messages.sessionId, scope.sessionIds) },
  { name: "questions", table: questions, rows: (scope) => within(questions.sessionId, scope.sessionIds) },
  { name: "answers", table: answers, rows: (scope) => within(answers.sessionId, scope.sessionIds) },
  { name: "speaking_queue", table: speakingQueue, rows: (scope) => within(speakingQueue.sessionId, scope.sessionIds) },
  { name: "polls", table: polls, rows: (scope) => within(polls.sessionId, scope.sessionIds), collect: (scope, rows) => (scope.pollIds = ids(rows)) },
  { name: "poll_votes", table: pollVotes, rows: (scope) => within(pollVotes.pollId, scope.pollIds) },
  { name: "session_attendance", table: sessionAttendance, rows: (scope) => within(sessionAttendance.sessionId, scope.sessionIds) },
  { name: "session_guests", table: sessionGuests, rows: (scope) => within(sessionGuests.sessionId, scope.sessionIds) },
];

/** The columns of an account a backup carries: never the password hash or the e-mail address. */
const publicUserColumns = ["id", "username", "displayName", "locale", "createdAt"] as const;

/** Columns that point at accounts, wherever they appear: the accounts a backup must carry. */
const personColumns = ["authorId", "userId", "createdBy", "actorId", "speakingUserId"];

/**
 * A whole group as one JSON document: everything `importGroupBackup` needs to give back the
 * same group, articles, sessions and event logs on another instance.
 */
export async function exportGroupBackup(groupId: string, now = new Date()): Promise<Backup> {
  const group = (await db().select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.id, groupId)))[0];
  if (!group) throw new AppError("NOT_FOUND", "This group does not exist.");
  const scope: Scope = { groupId, articleIds: [], sessionIds: [], sharedAnnotationIds: [], pollIds: [] };
  const tables: BackupData = {};
  for (const entry of backupTables) {
    const filter = entry.rows(scope);
    const rows = filter ? (await db().select().from(entry.table).where(filter)).map(toJson).sort(byContent) : [];
    entry.collect?.(scope, rows);
    tables[entry.name] = rows;
  }
  const people = new Set(
    Object.values(tables).flatMap((rows) => rows.flatMap((row) => personColumns.map((column) => row[column]).filter((value): value is string => typeof value === "string"))),
  );
  const accounts =
    people.size > 0
      ? await db()
          .select()
          .from(users)
          .where(inArray(users.id, [...people]))
      : [];
  const data: BackupData = {
    users: accounts.map((account) => toJson(Object.fromEntries(publicUserColumns.map((column) => [column, account[column]])))).sort(byContent),
    ...tables,
  };
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: await schemaVersion(),
    exportedAt: now.toISOString(),
    group,
    checksum: backupChecksum(data),
    tables: data,
    media: {},
  };
}

/** The stored image files a group's article versions show (their `/groups/<id>/media/<file>` sources). */
export function referencedMedia(backup: Pick<Backup, "tables" | "group">): string[] {
  const prefix = `/groups/${backup.group.id}/media/`;
  const files = new Set<string>();
  for (const row of backup.tables.article_versions ?? []) {
    for (const block of (row.blocks as { image?: { src?: string } }[] | undefined) ?? []) {
      const src = block.image?.src;
      if (src?.startsWith(prefix)) files.add(src.slice(prefix.length));
    }
  }
  return [...files].sort();
}

/** What an import did: the group it restored and the accounts it had to create. */
export type ImportOutcome = { groupId: string; groupName: string; createdUsers: { id: string; username: string }[]; sessions: number; events: number };

/**
 * Restores a group from a backup file's text in one transaction: every check passes and
 * every row is written, or nothing is. Accounts the instance does not have yet are created
 * with the password hash `passwordHashFor` gives (backups carry no passwords). Throws a
 * BackupProblem that says what is wrong with the file or why it does not fit this instance.
 */
export async function importGroupBackup(text: string, passwordHashFor: (user: { id: string; username: string }) => string): Promise<ImportOutcome> {
  const backup = parseBackup(text, await schemaVersion());
  const data = backup.tables;
  const known = new Set(["users", ...backupTables.map((entry) => entry.name)]);
  for (const name of Object.keys(data))
    if (!known.has(name)) throw new BackupProblem(`This backup holds a table this version of Study Circle does not know ("${name}"). Update this instance, then import again.`);
  const decoded = new Map(backupTables.map((entry) => [entry.name, (data[entry.name] ?? []).map((row, index) => fromJson(entry.name, entry.table, row, index))]));
  const accounts = (data.users ?? []).map((row, index) => checkAccount(row, index));
  checkConsistency(backup, decoded);
  try {
    return await transaction(async (tx) => {
      if ((await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, backup.group.id)))[0]) {
        throw new BackupProblem(`The group "${backup.group.name}" is already on this instance; import its backup into an instance that does not have it.`);
      }
      const createdUsers: { id: string; username: string }[] = [];
      for (const account of accounts) {
        const sameId = (await tx.select({ username: users.username }).from(users).where(eq(users.id, account.id)))[0];
        if (sameId?.username === account.username) continue;
        const sameName = (await tx.select({ id: users.id }).from(users).where(eq(users.username, account.username)))[0];
        if (sameId || sameName)
          throw new BackupProblem(`The username "${account.username}" belongs to a different account on this instance, so the backup's member cannot be restored.`);
        await tx.insert(users).values({ ...account, email: null, passwordHash: passwordHashFor(account) });
        createdUsers.push({ id: account.id, username: account.username });
      }
      for (const entry of backupTables) {
        const rows = decoded.get(entry.name)!;
        // Versions go in order, so the newest text is the one the search index keeps.
        if (entry.table === articleVersions) rows.sort((a, b) => (a.version as number) - (b.version as number));
        for (const [index, row] of rows.entries()) {
          try {
            await tx.insert(entry.table).values(row);
          } catch (error) {
            throw new BackupProblem(
              `This backup could not be restored, and nothing was changed: ${entry.name} row ${index + 1} — ${error instanceof Error ? error.message : String(error)}.`,
            );
          }
        }
      }
      await advanceIdentityCounters();
      const sessions = decoded.get("study_sessions")!.length;
      return { groupId: backup.group.id, groupName: backup.group.name, createdUsers, sessions, events: decoded.get("session_events")!.length };
    });
  } catch (error) {
    if (error instanceof BackupProblem) throw error;
    throw new BackupProblem(`This backup could not be restored, and nothing was changed: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** A row as JSON: dates as milliseconds, everything else as it is. */
function toJson(row: Record<string, unknown>): BackupRow {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.getTime() : value]));
}

function byContent(a: BackupRow, b: BackupRow): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Checks a row against its table's columns and turns it back into what the database layer takes. */
function fromJson(tableName: string, table: SQLiteTable, row: BackupRow, index: number): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, Column>;
  const where = `${tableName} row ${index + 1}`;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (!(key in columns)) throw damaged(`${where} has an unknown column "${key}"`);
  for (const [key, column] of Object.entries(columns)) {
    const value = row[key];
    if (value === undefined || value === null) {
      if (column.notNull && !column.hasDefault) throw damaged(`${where} lacks "${key}"`);
      if (value === null) result[key] = null;
      continue;
    }
    result[key] = decodeValue(column, value, () => damaged(`${where}: "${key}" has the wrong type`));
  }
  return result;
}

/** A value from the file as its column holds it; the column's data type reads the same on both engines. */
function decodeValue(column: Column, value: unknown, wrong: () => BackupProblem): unknown {
  switch (column.dataType) {
    case "date":
      if (!Number.isInteger(value)) throw wrong();
      return new Date(value as number);
    case "boolean":
      if (typeof value !== "boolean") throw wrong();
      return value;
    case "number":
      if (column.columnType.endsWith("Integer") ? !Number.isInteger(value) : typeof value !== "number") throw wrong();
      return value;
    case "string":
      if (typeof value !== "string") throw wrong();
      return value;
    default:
      return value;
  }
}

function checkAccount(row: BackupRow, index: number): { id: string; username: string; displayName: string; locale: "en" | "es" | null; createdAt: Date } {
  const text = (value: unknown) => typeof value === "string" && value.length > 0 && value.length <= 200;
  const extra = Object.keys(row).filter((key) => !(publicUserColumns as readonly string[]).includes(key));
  if (extra.length > 0) throw damaged(`account ${index + 1} carries "${extra[0]}", which backups never hold`);
  if (!text(row.id) || !text(row.username) || !text(row.displayName) || !Number.isInteger(row.createdAt) || !(row.locale === null || row.locale === "en" || row.locale === "es")) {
    throw damaged(`account ${index + 1} is incomplete`);
  }
  return {
    id: row.id as string,
    username: row.username as string,
    displayName: row.displayName as string,
    locale: row.locale as "en" | "es" | null,
    createdAt: new Date(row.createdAt as number),
  };
}

function damaged(message: string): BackupProblem {
  return new BackupProblem(`This backup is damaged or was edited by hand: ${message}.`);
}

/** What the database cannot check by itself, checked before anything is written. */
function checkConsistency(backup: Backup, decoded: Map<string, Record<string, unknown>[]>): void {
  const fail = (message: string) => {
    throw new BackupProblem(`This backup is inconsistent (damaged or edited by hand): ${message}.`);
  };
  const groupRows = decoded.get("groups")!;
  if (groupRows.length !== 1 || groupRows[0]!.id !== backup.group.id) fail("it must hold exactly the one group it names");
  for (const [name, rows] of decoded) {
    if (rows.some((row) => "groupId" in row && row.groupId !== backup.group.id)) fail(`${name} holds rows of another group`);
  }
  if (!decoded.get("memberships")!.some((row) => row.role === "owner")) fail("the group has no owner");
  const sessions = new Map(decoded.get("study_sessions")!.map((row) => [row.id as string, row]));
  const seen = new Set<string>();
  for (const event of decoded.get("session_events")!) {
    const session = sessions.get(event.sessionId as string);
    if (!session) fail("an event belongs to no session of the group");
    if ((event.seq as number) > (session!.lastSeq as number)) fail(`session "${session!.title as string}" has an event after its last sequence number`);
    const key = `${event.sessionId as string}:${event.seq as number}`;
    if (seen.has(key)) fail(`session "${session!.title as string}" has two events numbered ${event.seq as number}`);
    seen.add(key);
  }
}
