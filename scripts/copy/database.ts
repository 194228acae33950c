import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePostgres, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { deletePendingStatement, pendingBatchQuery, pendingItems, searchIndexStatements, type PendingRow } from "../../db/search-index-sql";
import { TableDigest } from "./digest";
import { CopyProblem } from "./problem";
import { appTables, copiedTables, type CopiedTable } from "./tables";

const root = path.resolve(import.meta.dirname, "../..");
const sqliteMigrations = path.join(root, "db/migrations");
const postgresMigrations = path.join(root, "db/migrations-pg");

/** Held while migrating, as db/client.ts does, so app nodes starting meanwhile wait for us. */
const MIGRATION_LOCK = 7238190;
/** Held for the whole copy, so two copies into one database cannot interleave. */
const COPY_LOCK = 7238191;

type Source = { sqlite: Database.Database; db: BetterSQLite3Database };
type Target = { client: pg.Client; db: NodePgDatabase };

/** One line of the count table: rows in the SQLite file and in PostgreSQL after the copy. */
export type TableCount = { table: string; source: number; target: number; same: boolean };

export type CopyReport = {
  tables: TableCount[];
  /** Sessions whose last_seq and gap-free event numbers 1..last_seq were checked on both sides. */
  sessions: number;
  /** The next session_events id on each side (SQLite's AUTOINCREMENT counter, PostgreSQL's identity). */
  nextEventId: { source: number; target: number };
  /** Entries the PostgreSQL triggers derived, and entries they derived that SQLite lacks (or the reverse). */
  search: { source: number; target: number; onlySource: number; onlyTarget: number };
  seconds: number;
};

export type CopyOptions = {
  sqliteFile: string;
  postgresUrl: string;
  /** Called as each table is copied, for a progress line. */
  onTable?: (table: string, rows: number) => void;
  /** Tests: runs inside the transaction after the rows are in and before COMMIT. */
  beforeCommit?: () => Promise<void>;
};

/**
 * Copies a whole SQLite instance into an empty PostgreSQL database: migrates the target,
 * refuses one that holds any rows, then inserts every table in one transaction and checks
 * counts, content and sequence numbers before committing. Any failure rolls the whole copy
 * back, so it can simply run again. The SQLite file is opened read-only.
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const source = openSource(options.sqliteFile);
  try {
    checkSourceSchema(source);
    const target = await openTarget(options.postgresUrl);
    try {
      await refuseOccupied(target, "before");
      await migrateTarget(target);
      const report = await copyInTransaction(source, target, options);
      return { ...report, seconds: (performance.now() - started) / 1000 };
    } finally {
      await target.client.end().catch(() => undefined);
    }
  } finally {
    source.sqlite.close();
  }
}

/** Checks what can be checked before anything is written: the source, and an empty target. */
export async function preflight(options: Pick<CopyOptions, "sqliteFile" | "postgresUrl">): Promise<void> {
  const source = openSource(options.sqliteFile);
  try {
    checkSourceSchema(source);
  } finally {
    source.sqlite.close();
  }
  const target = await openTarget(options.postgresUrl);
  try {
    await refuseOccupied(target, "before");
  } finally {
    await target.client.end().catch(() => undefined);
  }
}

function openSource(file: string): Source {
  if (!existsSync(file)) throw new CopyProblem("SOURCE_MISSING", `There is no SQLite database at ${file}. Set DATA_DIR (or DATABASE_FILE) to the instance to copy.`);
  // Read-only: the copy must never change the instance it copies, even by a checkpoint.
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  return { sqlite, db: drizzleSqlite(sqlite) };
}

function checkSourceSchema(source: Source): void {
  const hasHistory = source.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!hasHistory) throw new CopyProblem("SOURCE_NOT_STUDY_CIRCLE", "This SQLite file is not a Study Circle database (it has no migration history).");
  const applied = (source.sqlite.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
  const known = (JSON.parse(readFileSync(path.join(sqliteMigrations, "meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;
  if (applied < known) {
    throw new CopyProblem(
      "SOURCE_SCHEMA_OLD",
      `This SQLite database is at schema version ${applied}, older than this version of Study Circle (${known}). Start the app once on it (it migrates on start), stop it, then copy.`,
    );
  }
  if (applied > known) {
    throw new CopyProblem("SOURCE_SCHEMA_NEW", `This SQLite database is at schema version ${applied}, newer than this version of Study Circle (${known}). Update, then copy.`);
  }
  const tables = source.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  const unknown = tables.map((row) => row.name).filter((name) => !appTables.includes(name) && !notCopied(name));
  if (unknown.length > 0) {
    throw new CopyProblem("SOURCE_UNKNOWN_TABLE", `The SQLite database holds tables this copy does not know (${unknown.join(", ")}); nothing was copied.`);
  }
}

/** SQLite's own tables, the FTS5 index (rebuilt as search_entries on PostgreSQL), migrations and rate-limiter counters. */
function notCopied(name: string): boolean {
  return /^(sqlite_|search_index|__drizzle_migrations$|sign_in_failures_|join_code_failures_)/.test(name);
}

async function openTarget(url: string): Promise<Target> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A connection lost mid-copy is reported by the failing query; unheard, this would end the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new CopyProblem("TARGET_UNREACHABLE", `Cannot connect to the PostgreSQL database in DATABASE_URL: ${(error as Error).message}.`);
  }
  return { client, db: drizzlePostgres(client) };
}

/** Refuses a target in which any app table holds a row, naming the tables. */
async function refuseOccupied(target: Target, when: "before" | "inside"): Promise<void> {
  const occupied: string[] = [];
  for (const name of appTables) {
    const exists = await target.client.query<{ found: string | null }>("SELECT to_regclass($1) AS found", [`public.${name}`]);
    if (!exists.rows[0]?.found) continue;
    const rows = await target.client.query(`SELECT 1 FROM ${target.client.escapeIdentifier(name)} LIMIT 1`);
    if (rows.rowCount) occupied.push(name);
  }
  if (occupied.length === 0) return;
  const suffix = when === "inside" ? " (rows appeared while the copy was starting)" : "";
  throw new CopyProblem(
    "TARGET_NOT_EMPTY",
    `The PostgreSQL database is not empty: ${occupied.join(", ")} already hold rows${suffix}. Nothing was copied; give an empty database (a new one, or drop and recreate this one).`,
  );
}

async function migrateTarget(target: Target): Promise<void> {
  await target.client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await migrate(target.db, { migrationsFolder: postgresMigrations });
  } finally {
    await target.client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
  }
}

async function copyInTransaction(source: Source, target: Target, options: CopyOptions): Promise<Omit<CopyReport, "seconds">> {
  // One read transaction on SQLite: every table is read at the same moment, even if the app still runs.
  source.sqlite.exec("BEGIN");
  await target.client.query("BEGIN");
  try {
    await target.client.query("SELECT pg_advisory_xact_lock($1)", [COPY_LOCK]);
    await refuseOccupied(target, "inside");
    const searchIds = await reserveSearchIds(source, target);
    const digests = new Map<string, TableDigest>();
    for (const table of copiedTables) {
      digests.set(table.name, await copyTable(source, target, table));
      options.onTable?.(table.name, digests.get(table.name)!.rows);
    }
    const nextEventId = await carryEventIds(source, target);
    await indexTarget(target);
    const search = await alignSearchIds(source, target, searchIds);
    const tables = await verifyTables(target, digests);
    const sessions = await verifySessions(source, target);
    await options.beforeCommit?.();
    await target.client.query("COMMIT");
    return { tables, sessions, nextEventId, search };
  } catch (error) {
    await target.client.query("ROLLBACK").catch(() => undefined);
    if (error instanceof CopyProblem) throw error;
    throw new CopyProblem("COPY_FAILED", `The copy stopped and was rolled back, so the PostgreSQL database is still empty: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    source.sqlite.exec("COMMIT");
  }
}

const ROWID = "__copy_rowid";

/** Streams one table in rowid order (the order rows were written), one INSERT per batch. */
async function copyTable(source: Source, target: Target, table: CopiedTable): Promise<TableDigest> {
  const digest = new TableDigest();
  const columns = getTableColumns(table.source);
  const select = { ...columns, [ROWID]: sql<number>`rowid` };
  for (let after = 0; ;) {
    const batch = source.db
      .select(select)
      .from(table.source)
      .where(sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(table.batch)
      .all() as Record<string, unknown>[];
    if (batch.length === 0) return digest;
    after = batch.at(-1)![ROWID] as number;
    const rows = batch.map(({ [ROWID]: _rowid, ...row }) => row);
    for (const row of rows) digest.add(row);
    try {
      await target.db.insert(table.target).values(rows);
    } catch (error) {
      const detail = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new CopyProblem("COPY_FAILED", `Copying ${table.name} failed (${detail}); the copy was rolled back, so the PostgreSQL database is still empty.`, { cause: error });
    }
  }
}

/**
 * The indexer numbers the search entries it derives in the order rows went in, which is not
 * the order SQLite's entries were last written in; yet search ranks among the most recent
 * entries (highest id) and breaks ties by id. So the triggers' entries get ids above every
 * SQLite id first, and are renumbered to SQLite's ids once all rows are in.
 */
async function reserveSearchIds(source: Source, target: Target): Promise<number> {
  const max = (source.sqlite.prepare("SELECT coalesce(max(id), 0) AS n FROM search_entries").get() as { n: number }).n;
  await target.client.query("SELECT setval(pg_get_serial_sequence('search_entries', 'id'), $1, false)", [max + 1]);
  return max;
}

/**
 * Derives the target's search entries from the rows just copied: its triggers only noted each
 * item (search_pending), as in the app, where the search indexer derives them later; the
 * copy does so at once, inside its transaction, with the indexer's own statements.
 */
async function indexTarget(target: Target): Promise<void> {
  for (;;) {
    const { rows } = await target.db.execute<PendingRow>(pendingBatchQuery(5_000));
    if (rows.length === 0) return;
    for (const statement of [...searchIndexStatements("postgres", pendingItems(rows)), deletePendingStatement(rows.map((row) => row.id))]) {
      await target.db.execute(statement);
    }
  }
}

async function alignSearchIds(source: Source, target: Target, sourceMax: number): Promise<CopyReport["search"]> {
  const statement = source.sqlite.prepare("SELECT id, source, source_id FROM search_entries WHERE id > ? ORDER BY id LIMIT 1000");
  let matched = 0;
  let sourceCount = 0;
  for (let after = 0; ;) {
    const batch = statement.all(after) as { id: number; source: string; source_id: string }[];
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    sourceCount += batch.length;
    const updated = await target.client.query(
      `UPDATE search_entries AS e SET id = v.id FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, source, source_id)
       WHERE e.source = v.source AND e.source_id = v.source_id AND e.id > $4`,
      [batch.map((row) => row.id), batch.map((row) => row.source), batch.map((row) => row.source_id), sourceMax],
    );
    matched += updated.rowCount ?? 0;
  }
  const counts = await target.client.query<{ total: number; unmatched: number }>(
    "SELECT count(*)::int AS total, count(*) FILTER (WHERE id > $1)::int AS unmatched FROM search_entries",
    [sourceMax],
  );
  const { total, unmatched } = counts.rows[0]!;
  // Entries SQLite lacks keep their fresh ids, above all of SQLite's: the sequence continues after them.
  await target.client.query("SELECT setval(pg_get_serial_sequence('search_entries', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM search_entries), false)");
  return { source: sourceCount, target: total, onlySource: sourceCount - matched, onlyTarget: unmatched };
}

/**
 * Event ids are kept as they are; PostgreSQL's identity then continues where SQLite's
 * AUTOINCREMENT counter would (which may be past the largest id, if rows were deleted).
 */
async function carryEventIds(source: Source, target: Target): Promise<CopyReport["nextEventId"]> {
  const counter = source.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'session_events'").get() as { seq: number } | undefined;
  const largest = (source.sqlite.prepare("SELECT coalesce(max(id), 0) AS n FROM session_events").get() as { n: number }).n;
  const next = Math.max(counter?.seq ?? 0, largest) + 1;
  await target.client.query("SELECT setval(pg_get_serial_sequence('session_events', 'id'), $1, false)", [next]);
  const sequence = await target.client.query<{ next: string }>("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS next FROM session_events_id_seq");
  const targetNext = Number(sequence.rows[0]!.next);
  if (targetNext !== next) throw new CopyProblem("VERIFY_FAILED", `The next event id would be ${targetNext} on PostgreSQL but ${next} on SQLite; the copy was rolled back.`);
  return { source: next, target: targetNext };
}

/** Reads every copied table back from PostgreSQL and compares count and content with what was read from SQLite. */
async function verifyTables(target: Target, digests: Map<string, TableDigest>): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  const differing: string[] = [];
  for (const table of copiedTables) {
    const expected = digests.get(table.name)!;
    const actual = await targetDigest(target, table);
    counts.push({ table: table.name, source: expected.rows, target: actual.rows, same: expected.rows === actual.rows });
    if (expected.rows !== actual.rows || expected.hex() !== actual.hex()) differing.push(table.name);
  }
  if (differing.length > 0) {
    throw new CopyProblem("VERIFY_FAILED", `After the copy, ${differing.join(", ")} differ between SQLite and PostgreSQL (rows or content); the copy was rolled back.`);
  }
  return counts;
}

/** Reads a table back in primary-key order, a batch at a time (keyset, so large tables cost no more per batch). */
async function targetDigest(target: Target, table: CopiedTable): Promise<TableDigest> {
  const digest = new TableDigest();
  const key = primaryKey(table.target);
  // Rows come back keyed by property (sessionId), the key's columns are named as in SQL (session_id).
  const property = new Map(Object.entries(getTableColumns(table.target)).map(([name, column]) => [column.name, name]));
  for (let after: unknown[] | undefined; ;) {
    const query = target.db.select().from(table.target);
    const batch = (await (after ? query.where(rowAfter(key, after)) : query).orderBy(...key).limit(1000)) as Record<string, unknown>[];
    if (batch.length === 0) return digest;
    for (const row of batch) digest.add(row);
    const last = batch.at(-1)!;
    after = key.map((column) => last[property.get(column.name)!]);
  }
}

function primaryKey(table: PgTable): PgColumn[] {
  const config = getTableConfig(table);
  const composite = config.primaryKeys[0]?.columns;
  return composite ?? config.columns.filter((column) => column.primary);
}

function rowAfter(key: PgColumn[], values: unknown[]): SQL {
  const columns = sql.join(key, sql`, `);
  const params = sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
  return sql`(${columns}) > (${params})`;
}

type SessionLog = { id: string; last_seq: number; events: number; first: number; last: number };

const sessionLogs = `
  SELECT s.id, s.last_seq, count(e.id) AS events, coalesce(min(e.seq), 0) AS first, coalesce(max(e.seq), 0) AS last
  FROM study_sessions AS s LEFT JOIN session_events AS e ON e.session_id = s.id
  GROUP BY s.id, s.last_seq`;

/**
 * Per session: the same last_seq on both sides, and events numbered 1..last_seq with no gap
 * (seq is unique per session, so the count, the first and the last number settle it).
 */
async function verifySessions(source: Source, target: Target): Promise<number> {
  const before = new Map((source.sqlite.prepare(sessionLogs).all() as SessionLog[]).map((row) => [row.id, row]));
  const after = (await target.client.query<SessionLog>(sessionLogs.replace("count(e.id)", "count(e.id)::int"))).rows;
  const problems: string[] = [];
  if (after.length !== before.size) problems.push(`${before.size} sessions in SQLite but ${after.length} in PostgreSQL`);
  for (const log of after) {
    const original = before.get(log.id);
    if (!original) problems.push(`session ${log.id} is only in PostgreSQL`);
    else if (original.last_seq !== log.last_seq || original.events !== log.events) problems.push(`session ${log.id}: last_seq or event count differ`);
    for (const [side, row] of [
      ["SQLite", original],
      ["PostgreSQL", log],
    ] as const) {
      if (row && !gapFree(row)) problems.push(`session ${row.id} in ${side}: ${row.events} events numbered ${row.first}..${row.last}, last_seq ${row.last_seq}`);
    }
  }
  if (problems.length > 0) {
    throw new CopyProblem("VERIFY_FAILED", `The event logs do not check out (${problems.slice(0, 5).join("; ")}); the copy was rolled back.`);
  }
  return after.length;
}

function gapFree(log: SessionLog): boolean {
  if (log.events === 0) return log.last_seq === 0;
  return log.first === 1 && log.last === log.last_seq && log.events === log.last_seq;
}
