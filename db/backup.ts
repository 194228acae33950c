import { and, eq, getTableColumns, inArray, ne, sql, type Column, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { AppError } from "../lib/errors";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupProblem, parseBackup, sealedContent, type Backup, type BackupData, type BackupRow } from "../lib/review/backup-format";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Block } from "../lib/article/blocks";
import { safeHref } from "../lib/article/safe-href";
import { newJoinCode } from "../lib/join-code";
import { sanitiseRestoredBlocks, sanitiseRestoredHtml } from "../lib/review/backup-sanitise";
import { databaseEngine, db, migrationsFolder, rawRows, transaction, type Db } from "./client";
import { advanceIdentityCounters } from "./dialect";
import { recordMembershipChange } from "./membership-log";
import {
  annotationReplies,
  annotations,
  answers,
  articleEditions,
  articles,
  articleVersions,
  editionChoices,
  groups,
  memberships,
  membershipChanges,
  messages,
  polls,
  pollVotes,
  questions,
  retentionRemovals,
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
  { name: "membership_changes", table: membershipChanges, rows: (scope) => eq(membershipChanges.groupId, scope.groupId) },
  { name: "retention_removals", table: retentionRemovals, rows: (scope) => eq(retentionRemovals.groupId, scope.groupId) },
  { name: "articles", table: articles, rows: (scope) => eq(articles.groupId, scope.groupId), collect: (scope, rows) => (scope.articleIds = ids(rows)) },
  { name: "article_versions", table: articleVersions, rows: (scope) => within(articleVersions.articleId, scope.articleIds) },
  // An article's editions in other languages, with their alignment (block ids of both texts, kept as they are), and the edition each member reads.
  { name: "article_editions", table: articleEditions, rows: (scope) => within(articleEditions.articleId, scope.articleIds) },
  { name: "edition_choices", table: editionChoices, rows: (scope) => within(editionChoices.articleId, scope.articleIds) },
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
  return sealedContent({
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    schemaVersion: await schemaVersion(),
    exportedAt: now.toISOString(),
    group,
    tables: data,
    media: {},
  });
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

/** An account a restore created, with the single-use link its owner sets a password through. */
export type RestoredAccount = { id: string; username: string; displayName: string; resetPath: string; resetExpiresAt: Date };

/** What an import did: the group it restored and the accounts it had to create. */
export type ImportOutcome = { groupId: string; groupName: string; createdUsers: RestoredAccount[]; sessions: number; events: number; media: Record<string, string> };

/**
 * Where a backup goes. `as-is` (the command line, into another instance): the same ids, and an
 * account of this instance with the same id and username is the same person. `new-group` (a
 * signed-in person on the web): a new group with fresh ids, owned by `owner`; the file's account
 * with the owner's username is the owner, accounts of this instance are linked only when
 * `linkExisting` (the file was made here, server/backup-seal.ts), and everyone else gets a new
 * account, under another username if theirs is taken.
 */
export type RestoreTarget = { kind: "as-is" } | { kind: "new-group"; owner: { id: string; username: string }; linkExisting: boolean };

/** What a restore needs from outside the database layer. */
export type ImportOptions = {
  target: RestoreTarget;
  /** Makes the single-use reset link of an account the restore created (inside its transaction). */
  issueResetLink: (userId: string) => Promise<{ path: string; expiresAt: Date }>;
  /** Further checks of the whole file before anything is written (its images, say); throws to refuse it. */
  beforeWriting?: (backup: Backup) => void;
};

/** What a backup file holds, for the page that asks before restoring it. */
export type BackupPreview = {
  groupName: string;
  exportedAt: string;
  articles: number;
  /** The articles' editions in other languages. */
  editions: number;
  sessions: number;
  events: number;
  annotations: number;
  messages: number;
  images: number;
  /** Each person in the file, and who they will be here: the one restoring, an account already here, or a new account (under `username`). */
  people: { username: string; displayName: string; role: string | null; becomes: "you" | "existing" | "new"; restoredAs: string }[];
};

type Account = { id: string; username: string; displayName: string; locale: "en" | "es" | null; createdAt: Date };

/** A backup read and checked through and through, nothing written yet. */
type CheckedBackup = { backup: Backup; decoded: Map<string, Record<string, unknown>[]>; accounts: Account[] };

async function checkBackup(text: string): Promise<CheckedBackup> {
  const backup = parseBackup(text, await schemaVersion());
  const data = backup.tables;
  const known = new Set(["users", ...backupTables.map((entry) => entry.name)]);
  for (const name of Object.keys(data))
    if (!known.has(name))
      throw new BackupProblem(`This backup holds a table this version of Study Circle does not know ("${name}"). Update this instance, then import again.`, "newer");
  const decoded = new Map(backupTables.map((entry) => [entry.name, (data[entry.name] ?? []).map((row, index) => fromJson(entry.name, entry.table, row, index))]));
  const accounts = (data.users ?? []).map((row, index) => checkAccount(row, index));
  checkConsistency(backup, decoded);
  return { backup, decoded, accounts };
}

/** Reads and checks a backup completely, writing nothing, and says what it holds and who its people will be when restored to `target`. */
export async function previewGroupBackup(text: string, target: RestoreTarget = { kind: "as-is" }): Promise<BackupPreview> {
  const { backup, decoded, accounts } = await checkBackup(text);
  const roles = new Map(decoded.get("memberships")!.map((row) => [row.userId as string, row.role as string]));
  const people: BackupPreview["people"] = [];
  for (const account of accounts) {
    const place = await placeAccount(db(), account, target);
    const becomes = target.kind === "new-group" && place.id === target.owner.id ? "you" : place.create ? "new" : "existing";
    people.push({ username: account.username, displayName: account.displayName, role: roles.get(account.id) ?? null, becomes, restoredAs: place.username });
  }
  const count = (name: string) => decoded.get(name)!.length;
  return {
    groupName: backup.group.name,
    exportedAt: backup.exportedAt,
    articles: count("articles"),
    editions: count("article_editions"),
    sessions: count("study_sessions"),
    events: count("session_events"),
    annotations: count("annotations"),
    messages: count("messages"),
    images: Object.keys(backup.media).length,
    people,
  };
}

/**
 * Restores a group from a backup file's text in one transaction: every check passes and every
 * row is written, or nothing is. Backups carry no passwords: each account the restore creates
 * has none that works, and a single-use reset link instead. HTML from the file is rendered and
 * sanitised again. Images are not written here: the outcome hands them back (checked against
 * their names), for the caller to store once this has committed. Throws a BackupProblem that
 * says what is wrong with the file or why it does not fit this instance.
 */
export async function importGroupBackup(text: string, options: ImportOptions): Promise<ImportOutcome> {
  const { backup, decoded, accounts } = await checkBackup(text);
  options.beforeWriting?.(backup);
  const { target } = options;
  try {
    return await transaction(async (tx) => {
      if (target.kind === "as-is" && (await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, backup.group.id)))[0]) {
        throw new BackupProblem(`The group "${backup.group.name}" is already on this instance; import its backup into an instance that does not have it.`, "conflict");
      }
      const ids = new Map<string, string>();
      const created: Account[] = [];
      for (const account of accounts) {
        const person = await placeAccount(tx, account, target);
        ids.set(account.id, person.id);
        if (person.create) {
          await tx.insert(users).values({ ...account, id: person.id, username: person.username, email: null, passwordHash: UNUSABLE_PASSWORD });
          created.push({ ...account, id: person.id, username: person.username });
        }
      }
      const groupId = target.kind === "new-group" ? randomUUID() : backup.group.id;
      if (target.kind === "new-group")
        for (const name of renewedIdTables) for (const row of decoded.get(name)!) ids.set(row.id as string, name === "groups" ? groupId : randomUUID());
      const rename = renamer(ids, backup.group.id, groupId);
      for (const entry of backupTables) {
        const rows = decoded.get(entry.name)!.map((row) => restoredRow(entry.name, rename(row) as Record<string, unknown>, groupId, target));
        // Join codes are unique on an instance: a new group's sessions that can still be joined get codes of their own.
        if (target.kind === "new-group" && entry.table === studySessions) {
          for (const row of rows) row.joinCode = row.status === "ended" ? null : await freeJoinCode(tx);
        }
        // Versions go in order, so the newest text is the one the search index keeps.
        if (entry.table === articleVersions) rows.sort((a, b) => (a.version as number) - (b.version as number));
        for (const [index, row] of rows.entries()) {
          try {
            await tx.insert(entry.table).values(row);
          } catch (error) {
            throw new BackupProblem(
              `This backup could not be restored, and nothing was changed: ${entry.name} row ${index + 1} — ${error instanceof Error ? error.message : String(error)}.`,
              "failed",
            );
          }
        }
      }
      if (target.kind === "new-group") await makeOwner(tx, groupId, target.owner.id);
      await advanceIdentityCounters();
      const createdUsers: RestoredAccount[] = [];
      for (const account of created) {
        const link = await options.issueResetLink(account.id);
        createdUsers.push({ id: account.id, username: account.username, displayName: account.displayName, resetPath: link.path, resetExpiresAt: link.expiresAt });
      }
      const [group] = decoded.get("groups")!;
      return {
        groupId,
        groupName: group!.name as string,
        createdUsers,
        sessions: decoded.get("study_sessions")!.length,
        events: decoded.get("session_events")!.length,
        media: backup.media,
      };
    });
  } catch (error) {
    if (error instanceof BackupProblem) throw error;
    throw new BackupProblem(`This backup could not be restored, and nothing was changed: ${error instanceof Error ? error.message : String(error)}.`, "failed");
  }
}

/** The password hash of an account restored from a backup: matches no password, until its reset link sets one. */
const UNUSABLE_PASSWORD = "!";

/** Tables whose rows get fresh ids when a backup becomes a new group (the others are keyed by these). */
const renewedIdTables = [
  "groups",
  "membership_changes",
  "retention_removals",
  "articles",
  "article_versions",
  "article_editions",
  "study_sessions",
  "annotations",
  "annotation_replies",
  "messages",
  "questions",
  "answers",
  "polls",
];

/** Who a backup's account is on this instance: an existing account, or one to create (and under which username). */
async function placeAccount(tx: Db, account: Account, target: RestoreTarget): Promise<{ id: string; username: string; create: boolean }> {
  if (target.kind === "new-group" && account.username === target.owner.username) return { id: target.owner.id, username: account.username, create: false };
  const [sameId] = await tx.select({ username: users.username }).from(users).where(eq(users.id, account.id));
  if (target.kind === "as-is") {
    if (sameId?.username === account.username) return { id: account.id, username: account.username, create: false };
    const [sameName] = await tx.select({ id: users.id }).from(users).where(eq(users.username, account.username));
    if (sameId || sameName)
      throw new BackupProblem(`The username "${account.username}" belongs to a different account on this instance, so the backup's member cannot be restored.`, "conflict");
    return { id: account.id, username: account.username, create: true };
  }
  if (target.linkExisting && sameId?.username === account.username) return { id: account.id, username: account.username, create: false };
  return { id: randomUUID(), username: await freeUsername(tx, account.username), create: true };
}

/** A join code no session on this instance has. */
async function freeJoinCode(tx: Db): Promise<string> {
  for (;;) {
    const code = newJoinCode();
    if (!(await tx.select({ id: studySessions.id }).from(studySessions).where(eq(studySessions.joinCode, code)))[0]) return code;
  }
}

/** The username itself when no one here has it, else the first free "name-2", "name-3", … (within 32 characters). */
async function freeUsername(tx: Db, username: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? username : `${username.slice(0, 32 - String(n).length - 1)}-${n}`;
    if (!(await tx.select({ id: users.id }).from(users).where(eq(users.username, candidate)))[0]) return candidate;
  }
}

/** Gives every old id its new one, wherever it appears (columns and JSON alike), and the group's image addresses their new group. */
function renamer(ids: Map<string, string>, oldGroupId: string, newGroupId: string): (value: unknown) => unknown {
  const oldMedia = `/groups/${oldGroupId}/media/`;
  const newMedia = `/groups/${newGroupId}/media/`;
  const rename = (value: unknown): unknown => {
    if (typeof value === "string") return ids.get(value) ?? (value.startsWith(oldMedia) ? newMedia + value.slice(oldMedia.length) : value);
    if (Array.isArray(value)) return value.map(rename);
    if (value === null || typeof value !== "object" || value instanceof Date) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rename(item)]));
  };
  return rename;
}

/** A row as it is written: HTML rendered again, links and images checked, and for a new group no borrowed numbers or codes. */
function restoredRow(table: string, row: Record<string, unknown>, groupId: string, target: RestoreTarget): Record<string, unknown> {
  let result = sanitiseRestoredHtml(row);
  if (table === "article_versions" || table === "article_editions") result = { ...result, blocks: sanitiseRestoredBlocks(result.blocks as Block[], groupId) };
  if (table === "articles" || table === "article_editions") result = { ...result, sourceUrl: safeHref(result.sourceUrl as string | undefined) ?? "" };
  if (target.kind === "new-group" && table === "session_events") {
    const { id: _id, ...rest } = result;
    result = rest;
  }
  return result;
}

/** The person restoring a backup as a new group is its owner, whatever the file said about them (and the group's log says so). */
async function makeOwner(tx: Db, groupId: string, userId: string): Promise<void> {
  const where = and(eq(memberships.groupId, groupId), eq(memberships.userId, userId));
  const [current] = await tx.select({ role: memberships.role }).from(memberships).where(where);
  if (current?.role === "owner") return;
  if (current) await tx.update(memberships).set({ role: "owner" }).where(where);
  else await tx.insert(memberships).values({ groupId, userId, role: "owner" });
  await recordMembershipChange(tx, { groupId, userId, actorId: userId, change: current ? "promoted" : "joined", role: "owner", previousRole: current?.role ?? null });
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

function checkAccount(row: BackupRow, index: number): Account {
  const text = (value: unknown) => typeof value === "string" && value.length > 0 && value.length <= 200;
  const extra = Object.keys(row).filter((key) => !(publicUserColumns as readonly string[]).includes(key));
  if (extra.length > 0) throw damaged(`account ${index + 1} carries "${extra[0]}", which backups never hold`);
  if (!text(row.id) || !text(row.username) || !text(row.displayName) || !Number.isInteger(row.createdAt) || !(row.locale === null || row.locale === "en" || row.locale === "es")) {
    throw damaged(`account ${index + 1} is incomplete`);
  }
  // Usernames are kept in lower case and follow the sign-up form's rules.
  const username = (row.username as string).toLowerCase();
  if (!/^[a-z0-9_.-]{3,32}$/.test(username)) throw damaged(`account ${index + 1} has a username sign-up would not accept`);
  return {
    id: row.id as string,
    username,
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
    throw new BackupProblem(`This backup is inconsistent (damaged or edited by hand): ${message}.`, "inconsistent");
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
