import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePostgres, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { AppError } from "../lib/errors";
import { engineName, postgresUrl, type EngineName } from "./engine";
import * as postgresSchema from "./schema/postgres";
import type * as sqliteSchema from "./schema/sqlite";

/**
 * The query surface every query module uses. It is typed by the SQLite schema; on PostgreSQL
 * it is a node-postgres drizzle handle whose builders have the same shape. Query code
 * therefore only ever awaits a query (never `.get()`, `.all()` or `.run()`, which exist on
 * SQLite alone) and keeps dialect differences to `rawRows` and the engine checks in db/.
 */
export type Db = BetterSQLite3Database<typeof sqliteSchema>;

type SqliteConnection = { engine: "sqlite"; db: Db; sqlite: Database.Database; writer: WriterLock };
type PostgresConnection = { engine: "postgres"; db: NodePgDatabase<typeof postgresSchema>; pool: pg.Pool };
type Connection = SqliteConnection | PostgresConnection;

/** The transaction a piece of async work runs in, so that `db()` inside it is that transaction. */
type TransactionScope = { executor: Db; depth: number };

type Shared = { studyCircleConnection?: Connection; studyCircleScopes?: AsyncLocalStorage<TransactionScope> };
// The custom server and Next's bundled route modules are separate module instances: they
// share one connection, and one notion of the current transaction, through globalThis.
const shared = globalThis as Shared;
const scopes = (shared.studyCircleScopes ??= new AsyncLocalStorage<TransactionScope>());

/** The database file for this process: DATA_DIR/study-circle.sqlite unless DATABASE_FILE says otherwise. */
export function databaseFile(): string {
  if (process.env.DATABASE_FILE) return process.env.DATABASE_FILE;
  return path.join(path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? "./data"), "study-circle.sqlite");
}

/** The engine the shared connection uses. */
export function databaseEngine(): EngineName {
  return connection().engine;
}

/** The query handle: the current transaction when called inside one, the shared connection otherwise. */
export function db(): Db {
  return scopes.getStore()?.executor ?? rootDb();
}

function rootDb(): Db {
  const current = connection();
  return current.engine === "sqlite" ? current.db : (current.db as unknown as Db);
}

function connection(): Connection {
  shared.studyCircleConnection ??= engineName() === "postgres" ? openPostgres(postgresUrl()!) : openSqlite(databaseFile());
  return shared.studyCircleConnection;
}

function openSqlite(file: string): SqliteConnection {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return { engine: "sqlite", db: drizzleSqlite(sqlite), sqlite, writer: new WriterLock() };
}

function openPostgres(url: string): PostgresConnection {
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server went away reports it here; unheard, it would end the process.
  pool.on("error", () => undefined);
  return { engine: "postgres", db: drizzlePostgres(pool, { schema: postgresSchema }), pool };
}

/**
 * Runs async database work in one write transaction; `db()` inside it is the transaction.
 * Called inside another transaction it becomes a savepoint, so each can fail on its own.
 * On PostgreSQL a transaction that lost a deadlock or a serialisation race runs again.
 */
export async function transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const scope = scopes.getStore();
  const current = connection();
  if (scope) return current.engine === "sqlite" ? sqliteSavepoint(current, scope, work) : postgresSavepoint(scope, work);
  return current.engine === "sqlite" ? sqliteTransaction(current, work) : postgresTransaction(current, work);
}

async function sqliteTransaction<T>(current: SqliteConnection, work: (tx: Db) => Promise<T>): Promise<T> {
  // One connection, one writer: transactions take turns, so async work never interleaves two of them.
  const release = await current.writer.acquire();
  try {
    current.sqlite.exec("BEGIN IMMEDIATE");
    try {
      const result = await scopes.run({ executor: current.db, depth: 0 }, () => work(current.db));
      current.sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (current.sqlite.inTransaction) current.sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    release();
  }
}

async function sqliteSavepoint<T>(current: SqliteConnection, scope: TransactionScope, work: (tx: Db) => Promise<T>): Promise<T> {
  const name = `sp${scope.depth + 1}`;
  current.sqlite.exec(`SAVEPOINT ${name}`);
  try {
    const result = await scopes.run({ executor: scope.executor, depth: scope.depth + 1 }, () => work(scope.executor));
    current.sqlite.exec(`RELEASE ${name}`);
    return result;
  } catch (error) {
    // SQLite ends the whole transaction on its own after some errors (I/O, disk full).
    if (current.sqlite.inTransaction) current.sqlite.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
    throw error;
  }
}

const retriedStates = new Set(["40001", "40P01"]);

async function postgresTransaction<T>(current: PostgresConnection, work: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await current.db.transaction((tx) => scopes.run({ executor: tx as unknown as Db, depth: 0 }, () => work(tx as unknown as Db)));
    } catch (error) {
      if (attempt < 3 && retriedStates.has(sqlState(error) ?? "")) continue;
      throw asUnavailable(error);
    }
  }
}

async function postgresSavepoint<T>(scope: TransactionScope, work: (tx: Db) => Promise<T>): Promise<T> {
  const outer = scope.executor as unknown as NodePgDatabase<typeof postgresSchema>;
  return outer.transaction((savepoint) => scopes.run({ executor: savepoint as unknown as Db, depth: scope.depth + 1 }, () => work(savepoint as unknown as Db)));
}

/**
 * Runs reads that must all see the same moment of the database (a snapshot and the sequence
 * number it is current to). On PostgreSQL that takes a repeatable-read transaction; on SQLite
 * the single writer's turn, so no half-applied write shows between two reads.
 */
export async function readConsistent<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const current = connection();
  if (current.engine === "sqlite" || scopes.getStore()) return transaction(work);
  try {
    return await current.db.transaction((tx) => scopes.run({ executor: tx as unknown as Db, depth: 0 }, () => work(tx as unknown as Db)), {
      isolationLevel: "repeatable read",
      accessMode: "read only",
    });
  } catch (error) {
    throw asUnavailable(error);
  }
}

/** Whether the current transaction can still commit (SQLite may end one on its own after an I/O error). */
export function transactionAlive(): boolean {
  const current = connection();
  return current.engine === "sqlite" ? current.sqlite.inTransaction : true;
}

/**
 * A statement built once and, on SQLite, compiled once per connection, then reused with
 * placeholders: for queries on the hot path of every socket message, where building and
 * compiling a drizzle query costs more than running it. On PostgreSQL it runs as a named
 * prepared statement, which each pooled connection parses once.
 */
export function prepared<Q extends { prepare(): unknown }>(name: string, build: (database: Db) => Q): () => ReturnType<Q["prepare"]> {
  const statements = new WeakMap<object, ReturnType<Q["prepare"]>>();
  return () => {
    const current = connection();
    if (current.engine === "postgres") {
      return (build(db()) as unknown as { prepare(name: string): ReturnType<Q["prepare"]> }).prepare(name);
    }
    let statement = statements.get(current.db);
    if (statement === undefined) {
      statement = build(current.db).prepare() as ReturnType<Q["prepare"]>;
      statements.set(current.db, statement);
    }
    return statement;
  };
}

/** Runs hand-written SQL (each engine's own dialect) and returns its rows. */
export async function rawRows<T>(query: SQL): Promise<T[]> {
  const executor = db();
  if (databaseEngine() === "sqlite") return executor.all<T>(query);
  try {
    const result = await (executor as unknown as NodePgDatabase).execute(query);
    return result.rows as T[];
  } catch (error) {
    throw asUnavailable(error);
  }
}

/** Runs a hand-written statement that returns no rows (each engine's own dialect). */
export async function runRaw(statement: SQL): Promise<void> {
  const executor = db();
  if (databaseEngine() === "sqlite") {
    executor.run(statement);
    return;
  }
  try {
    await (executor as unknown as NodePgDatabase).execute(statement);
  } catch (error) {
    throw asUnavailable(error);
  }
}

/** Applies the committed drizzle-kit migrations of the engine in use. */
export async function migrateDatabase(): Promise<void> {
  const current = connection();
  if (current.engine === "sqlite") {
    migrateSqlite(current.db, { migrationsFolder: migrationsFolder("sqlite") });
    return;
  }
  // Several nodes may start at once: one migrates while the others wait for it.
  const client = await current.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(7238190)");
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: migrationsFolder("postgres") });
  } finally {
    await client.query("SELECT pg_advisory_unlock(7238190)").catch(() => undefined);
    client.release();
  }
}

/** Where an engine's migrations live. */
export function migrationsFolder(engine: EngineName): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), engine === "sqlite" ? "db/migrations" : "db/migrations-pg");
}

/**
 * A fresh, migrated, empty database made the shared one (unit tests): an in-memory SQLite
 * database, or on PostgreSQL the DATABASE_URL database with every table emptied.
 */
export async function openFreshTestDatabase(): Promise<void> {
  if (engineName() === "sqlite") {
    await closeDatabase();
    shared.studyCircleConnection = openSqlite(":memory:");
    await migrateDatabase();
    return;
  }
  const current = connection() as PostgresConnection;
  await migrateDatabase();
  const tables = await current.pool.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'");
  await current.pool.query(`TRUNCATE ${tables.rows.map((row) => row.name).join(", ")} RESTART IDENTITY CASCADE`);
}

/** Closes the shared database if it was opened (used on shutdown). */
export async function closeDatabase(): Promise<void> {
  const current = shared.studyCircleConnection;
  shared.studyCircleConnection = undefined;
  if (!current) return;
  if (current.engine === "sqlite") current.sqlite.close();
  else await current.pool.end();
}

/** Answers whether the database responds to a trivial query within a few seconds. */
export async function databaseReachable(): Promise<boolean> {
  const current = connection();
  if (current.engine === "sqlite") {
    try {
      current.sqlite.prepare("select 1").get();
      return true;
    } catch {
      return false;
    }
  }
  try {
    await withDeadline(current.pool.query("select 1"), 3_000);
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL pool, for the few stores that take a driver client (sign-in limits); undefined on SQLite. */
export function postgresPool(): pg.Pool | undefined {
  const current = connection();
  return current.engine === "postgres" ? current.pool : undefined;
}

/** The SQLite handle, for the few stores that take a driver client (sign-in limits); undefined on PostgreSQL. */
export function sqliteHandle(): Database.Database | undefined {
  const current = connection();
  return current.engine === "sqlite" ? current.sqlite : undefined;
}

/** An error and those it wraps, outermost first: drizzle wraps the driver's error, which carries the SQLSTATE. */
function* errorChain(error: unknown): Generator<Error> {
  for (let current = error; current instanceof Error; current = current.cause) yield current;
}

function sqlState(error: unknown): string | undefined {
  for (const link of errorChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "57P01", "57P02", "57P03"]);

/** A lost or refused connection to PostgreSQL becomes a clear "try again"; anything else passes unchanged. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (!connectionLost(error)) return error;
  return new AppError("UNAVAILABLE", "The database cannot be reached just now. Nothing was saved; try again in a moment.");
}

/** Whether an error, or one it wraps (drizzle wraps the driver's), says the connection is gone. */
function connectionLost(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined && (unreachableCodes.has(code) || code.startsWith("08"))) return true;
  return [...errorChain(error)].some((link) => /Connection terminated|timeout exceeded when trying to connect/i.test(link.message));
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("deadline")), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Lets one SQLite transaction run at a time; the others queue in arrival order. */
class WriterLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => turn);
    return ready;
  }
}
