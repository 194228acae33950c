import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Writable } from "node:stream";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as drizzlePostgres, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { AppError } from "../lib/errors";
import { engineName, postgresUrl, type EngineName } from "./engine";
import { SqliteCheckpoints } from "./sqlite-checkpoints";
import * as postgresSchema from "./schema/postgres";
import type * as sqliteSchema from "./schema/sqlite";

/**
 * The query surface every query module uses. It is typed by the SQLite schema; on PostgreSQL
 * it is a node-postgres drizzle handle whose builders have the same shape. Query code
 * therefore only ever awaits a query (never `.get()`, `.all()` or `.run()`, which exist on
 * SQLite alone) and keeps dialect differences to `rawRows` and the engine checks in db/.
 */
export type Db = BetterSQLite3Database<typeof sqliteSchema>;

type SqliteConnection = { engine: "sqlite"; db: Db; sqlite: Database.Database; writer: WriterLock; wal: WalSync; checkpoints?: SqliteCheckpoints };
/** `writePool`: the group commit's connections (its lanes), in pipeline mode; `pool`: everything else. */
type PostgresConnection = { engine: "postgres"; db: NodePgDatabase<typeof postgresSchema>; pool: pg.Pool; writePool: pg.Pool; lanes: number };
type Connection = SqliteConnection | PostgresConnection;

/**
 * The transaction a piece of async work runs in, so that `db()` inside it is that transaction;
 * on PostgreSQL with the pooled client it holds, for statements prepared on that client.
 */
type TransactionScope = { executor: Db; depth: number; client?: object; flat?: FlatState; pipelined?: boolean };

/** A transaction whose nested transactions take no savepoint (`flatTransaction`): whether one of them failed. */
type FlatState = { failed: boolean };

type Shared = { studyCircleConnection?: Connection; studyCircleScopes?: AsyncLocalStorage<TransactionScope>; studyCircleStopped?: boolean };
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
  if (shared.studyCircleStopped) throw new AppError("UNAVAILABLE", "The server is stopping. Try again in a moment.");
  shared.studyCircleConnection ??= engineName() === "postgres" ? openPostgres(postgresUrl()!) : openSqlite(databaseFile());
  return shared.studyCircleConnection;
}

/**
 * How long a transaction waits, at most, for another process (a backup import, a copy to
 * PostgreSQL, a second server on the same file) to let go of SQLite's write lock before it
 * answers UNAVAILABLE. It waits with timers, never inside the driver: better-sqlite3 is
 * synchronous, and its busy_timeout would stop the whole server for as long.
 */
export const sqliteLockWait = { limitMs: 5_000 };

function openSqlite(file: string): SqliteConnection {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // A locked database answers at once (SQLITE_BUSY); transactions wait for it asynchronously.
  sqlite.pragma("busy_timeout = 0");
  // Durability: a write transaction returns (and so is acknowledged) only once the WAL holding
  // its commit is on disk, as with synchronous = FULL; but the fsync runs in libuv's thread pool
  // (WalSync) instead of inside the synchronous driver, so it does not stop the event loop, and
  // one fsync covers every commit made before it started. NORMAL keeps SQLite's own syncs at
  // checkpoints, which is all FULL adds to in WAL mode. BENCH_SQLITE_SYNCHRONOUS ("normal": no
  // sync at commit; "full": SQLite's own, blocking) lets the bench show what each costs.
  const mode = process.env.BENCH_SQLITE_SYNCHRONOUS;
  sqlite.pragma(`synchronous = ${mode === "full" ? "FULL" : "NORMAL"}`);
  const wal = new WalSync(file === ":memory:" || mode === "normal" || mode === "full" ? undefined : `${file}-wal`);
  const checkpoints = file === ":memory:" ? undefined : new SqliteCheckpoints(sqlite, file);
  return { engine: "sqlite", db: drizzleSqlite(sqlite), sqlite, writer: new WriterLock(), wal, checkpoints };
}

/** At most this many group-commit lanes on PostgreSQL: each is a connection and a COMMIT of its own. */
const MAX_WRITE_LANES = 4;

function openPostgres(url: string): PostgresConnection {
  const size = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  // The lanes' connections come on top of the pool's, so reads never wait behind a batch.
  const lanes = Math.min(MAX_WRITE_LANES, size);
  const settings = { connectionString: url, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 };
  const pool = new pg.Pool({ ...settings, max: size });
  // Pipeline mode (node-postgres): a statement is sent without waiting for the answer to the
  // one before, so the changes of a batch's sessions, run side by side, share round trips.
  const writePool = new pg.Pool({ ...settings, max: lanes, pipeline: true } as pg.PoolConfig);
  writePool.on("connect", coalesceWrites);
  // An idle client whose server went away reports it here; unheard, it would end the process.
  pool.on("error", () => undefined);
  writePool.on("error", () => undefined);
  return { engine: "postgres", db: drizzlePostgres(pool, { schema: postgresSchema }), pool, writePool, lanes };
}

/**
 * A lane's connection sends the statements of one tick in one write. node-postgres writes each
 * statement to the socket on its own (a system call each, on loopback about as costly as the
 * statement's whole handling in JavaScript); a batch's sessions, run side by side, issue theirs
 * in the same tick as the answers they wait on arrive. So the socket is corked at the first
 * statement of a tick and uncorked once the tick's promise jobs have run (`process.nextTick`
 * runs after them): the statements leave together, in the order they were issued, before the
 * event loop waits for anything.
 */
function coalesceWrites(client: pg.PoolClient): void {
  const socket = (client as unknown as { connection: { stream: Writable } }).connection.stream;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const coalesced = (...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return query(...args);
  };
  Object.assign(client, { query: coalesced });
}

/**
 * Runs async database work in one write transaction; `db()` inside it is the transaction.
 * Called inside another transaction it becomes a savepoint, so each can fail on its own.
 * On PostgreSQL a transaction that lost a deadlock or a serialisation race runs again.
 */
export async function transaction<T>(work: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const scope = scopes.getStore();
  const current = connection();
  if (scope?.flat) return flatNested(scope, scope.flat, work);
  if (scope) return current.engine === "sqlite" ? sqliteSavepoint(current, scope, work) : postgresSavepoint(scope, work);
  return current.engine === "sqlite" ? sqliteTransaction(current, work, "BEGIN IMMEDIATE", options) : postgresTransaction(current, work);
}

/**
 * `committed`: called once the COMMIT has run and the database can take the next write
 * transaction, before this resolves. On SQLite that is before the WAL is synced: the next
 * transaction runs while the disk catches up, and this still resolves only once the commit is
 * on disk. On PostgreSQL a COMMIT returns once durable; it is not called (nor needed) there.
 */
export type TransactionOptions = { committed?: () => void };

async function sqliteTransaction<T>(current: SqliteConnection, work: (tx: Db) => Promise<T>, begin: "BEGIN IMMEDIATE" | "BEGIN", options: TransactionOptions = {}): Promise<T> {
  const result = await inWriterTurn(current, work, begin);
  if (begin !== "BEGIN IMMEDIATE") return result;
  // The writer's turn is already passed on; the caller hears back once the commit is on disk.
  options.committed?.();
  await current.wal.sync();
  return result;
}

async function inWriterTurn<T>(current: SqliteConnection, work: (tx: Db) => Promise<T>, begin: "BEGIN IMMEDIATE" | "BEGIN"): Promise<T> {
  // One connection, one writer: transactions take turns, so async work never interleaves two of them.
  const release = await current.writer.acquire();
  try {
    await beginSqlite(current.sqlite, begin);
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

/**
 * Begins a transaction, waiting for another process's write lock by retrying with a growing
 * pause (1 ms, 2 ms … 50 ms) while the event loop serves everyone else; after
 * `sqliteLockWait.limitMs` the change is refused as UNAVAILABLE, and nothing was written.
 */
async function beginSqlite(sqlite: Database.Database, begin: string): Promise<void> {
  const deadline = performance.now() + sqliteLockWait.limitMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      sqlite.exec(begin);
      return;
    } catch (error) {
      if (!sqliteBusy(error)) throw error;
      if (performance.now() + pause > deadline) throw databaseBusy();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function sqliteBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

/** The file of this process's SQLite database, for a worker thread's connection of its own; undefined in memory or on PostgreSQL. */
export function sqliteFile(): string | undefined {
  const current = connection();
  return current.engine === "sqlite" && current.sqlite.name !== ":memory:" ? current.sqlite.name : undefined;
}

/** How long, at most, a write outside a transaction waits inside the driver while the writer's turn is lent (`lendSqliteWriter`). */
const LENT_WRITER_WAIT_MS = 5_000;

/**
 * SQLite: lends this process's turn as the writer to another connection of the same process (the
 * search indexer's worker thread) while `work` runs. No transaction of this connection begins
 * meanwhile: they queue for the turn as behind any other. A write outside a transaction, which
 * takes the lock on its own, waits for the other connection inside the driver (a few
 * milliseconds, a batch of the indexer) instead of failing with SQLITE_BUSY at once.
 */
export async function lendSqliteWriter<T>(work: () => Promise<T>): Promise<T> {
  const current = connection();
  if (current.engine !== "sqlite") throw new Error("lendSqliteWriter runs on SQLite only");
  const release = await current.writer.acquire();
  current.sqlite.pragma(`busy_timeout = ${LENT_WRITER_WAIT_MS}`);
  try {
    return await work();
  } finally {
    if (current.sqlite.open) current.sqlite.pragma("busy_timeout = 0");
    release();
  }
}

function databaseBusy(): AppError {
  return new AppError("UNAVAILABLE", "The database is busy with other work just now. Nothing was saved; try again in a moment.");
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

/** Thrown by `flatTransaction` when a nested transaction failed: everything was rolled back. */
export class NestedTransactionFailed extends Error {
  constructor() {
    super("a nested transaction failed in a transaction without savepoints; it was rolled back whole");
  }
}

/**
 * One write transaction in which nested `transaction()` calls run inline, without a savepoint:
 * for the group commit, whose changes rarely fail, this saves a SAVEPOINT and a RELEASE per change
 * (two round trips on PostgreSQL). The price of having no savepoint is that a failed nested
 * transaction cannot roll back alone: if one fails — even when its caller catches the failure
 * and carries on — the whole transaction rolls back and this rejects with
 * NestedTransactionFailed (or with the error that escaped `work`), so the caller can run the
 * work again with savepoints. Nothing of a failed flat transaction is ever committed.
 */
export async function flatTransaction<T>(work: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  // Inside another transaction this is a savepoint like any nested transaction.
  if (scopes.getStore()) return transaction(work);
  return transaction(async (tx) => {
    const flat: FlatState = { failed: false };
    const result = await scopes.run({ ...scopes.getStore()!, flat }, () => work(tx));
    if (flat.failed) throw new NestedTransactionFailed();
    return result;
  }, options);
}

/**
 * The group commit's transaction (server/realtime/write-batch.ts): a `flatTransaction`. On
 * PostgreSQL it runs on a connection of the write lanes' pool, in pipeline mode, so work that
 * runs side by side inside it (the changes of different sessions) sends its statements
 * without waiting for one another's answers, and BEGIN goes out with the first of them.
 * Statements run on the server in the order they were sent, as on any connection.
 */
export async function batchTransaction<T>(work: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const current = connection();
  if (current.engine === "sqlite" || scopes.getStore()) return flatTransaction(work, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await pipelinedTransaction(current, work);
    } catch (error) {
      if (attempt < 3 && retriedStates.has(sqlState(error) ?? "")) continue;
      throw asUnavailable(error);
    }
  }
}

/** How many group-commit lanes the engine takes: one on SQLite (one writer); on PostgreSQL a share of the pool. */
export function writeLanes(): number {
  const current = connection();
  return current.engine === "postgres" ? current.lanes : 1;
}

async function pipelinedTransaction<T>(current: PostgresConnection, work: (tx: Db) => Promise<T>): Promise<T> {
  const client = await current.writePool.connect();
  let broken: Error | undefined;
  try {
    // Not awaited: BEGIN travels with the first statements, which the server runs after it.
    const begun = client.query("BEGIN");
    begun.catch(() => undefined);
    const executor = onClient(client);
    const flat: FlatState = { failed: false };
    let result: T;
    try {
      result = await scopes.run({ executor, depth: 0, client, flat, pipelined: true }, () => work(executor));
      await begun;
      if (flat.failed) throw new NestedTransactionFailed();
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackFailed: Error) => (broken = rollbackFailed));
      throw error;
    }
    // A statement that failed inside (its error caught by the work) left the transaction
    // aborted; COMMIT then rolls it back without an error, so it is told apart by its answer.
    const committed = await client.query("COMMIT");
    if (committed.command !== "COMMIT") throw new NestedTransactionFailed();
    return result;
  } catch (error) {
    if (connectionLost(error)) broken = error as Error;
    throw error;
  } finally {
    // A connection that may still be inside a transaction is closed rather than reused.
    client.release(broken);
  }
}

async function flatNested<T>(scope: TransactionScope, flat: FlatState, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await work(scope.executor);
  } catch (error) {
    flat.failed = true;
    throw error;
  }
}

const retriedStates = new Set(["40001", "40P01"]);

async function postgresTransaction<T>(current: PostgresConnection, work: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await current.db.transaction((tx) => scopes.run({ executor: tx as unknown as Db, depth: 0, client: pooledClient(tx) }, () => work(tx as unknown as Db)));
    } catch (error) {
      if (attempt < 3 && retriedStates.has(sqlState(error) ?? "")) continue;
      throw asUnavailable(error);
    }
  }
}

async function postgresSavepoint<T>(scope: TransactionScope, work: (tx: Db) => Promise<T>): Promise<T> {
  const outer = scope.executor as unknown as NodePgDatabase<typeof postgresSchema>;
  return outer.transaction((savepoint) =>
    scopes.run({ executor: savepoint as unknown as Db, depth: scope.depth + 1, client: scope.client }, () => work(savepoint as unknown as Db)),
  );
}

/** The pooled connection a drizzle transaction runs on (its session's client), when it can be found. */
function pooledClient(tx: unknown): object | undefined {
  const client = (tx as { session?: { client?: unknown } }).session?.client;
  return typeof client === "object" && client !== null ? client : undefined;
}

/**
 * Runs reads that must all see the same moment of the database (a snapshot and the sequence
 * number it is current to). On PostgreSQL that takes a repeatable-read transaction; on SQLite
 * the single writer's turn, so no half-applied write shows between two reads.
 */
export async function readConsistent<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const current = connection();
  if (scopes.getStore()) return transaction(work);
  // A deferred transaction on SQLite: it reads one snapshot without taking the write lock,
  // so another process's write lock does not hold it up.
  if (current.engine === "sqlite") return sqliteTransaction(current, work, "BEGIN");
  try {
    return await current.db.transaction((tx) => scopes.run({ executor: tx as unknown as Db, depth: 0, client: pooledClient(tx) }, () => work(tx as unknown as Db)), {
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
 * compiling a drizzle query costs more than running it. On PostgreSQL it is a named prepared
 * statement built once per pooled connection (the transaction's, or the pool outside one) and
 * parsed once by each connection.
 */
export function prepared<Q extends { prepare(): unknown }>(name: string, build: (database: Db) => Q): () => ReturnType<Q["prepare"]> {
  const statements = new WeakMap<object, ReturnType<Q["prepare"]>>();
  return () => {
    const current = connection();
    if (current.engine === "postgres") {
      const scope = scopes.getStore();
      const namedOn = (database: Db) => (build(database) as unknown as { prepare(name: string): ReturnType<Q["prepare"]> }).prepare(name);
      // Inside a transaction whose connection cannot be told, build on the transaction itself.
      if (scope && !scope.client) return namedOn(scope.executor);
      const client = scope?.client ?? current.pool;
      let statement = statements.get(client);
      if (statement === undefined) {
        statement = namedOn(scope ? onClient(client) : (current.db as unknown as Db));
        statements.set(client, statement);
      }
      return statement;
    }
    let statement = statements.get(current.db);
    if (statement === undefined) {
      statement = runsAtOnce(build(current.db).prepare() as SqliteStatement) as ReturnType<Q["prepare"]>;
      statements.set(current.db, statement);
    }
    return statement;
  };
}

/**
 * SQLite only: a hand-written statement compiled once per connection and run straight through
 * better-sqlite3, for the few on the path of every operation (db/session-events.ts,
 * db/annotations.ts, db/new-items.ts), where drizzle's per-run work — placeholder filling, each value's column
 * encoding, the result's mapping — costs about as much as the statement. Values go in as SQLite
 * stores them (epoch milliseconds, 0/1, JSON text) and rows come back so. Inside a transaction it
 * is part of it (one connection).
 */
export function sqliteStatement(text: string): () => Database.Statement {
  const statements = new WeakMap<Database.Database, Database.Statement>();
  return () => {
    const current = connection();
    if (current.engine !== "sqlite") throw new Error("sqliteStatement runs on SQLite only");
    let statement = statements.get(current.sqlite);
    if (statement === undefined) {
      statement = current.sqlite.prepare(text);
      statements.set(current.sqlite, statement);
    }
    return statement;
  };
}

/** A prepared statement of drizzle's SQLite driver: `execute` answers a thenable whose `sync()` runs it. */
type SqliteStatement = { execute(values?: Record<string, unknown>): { sync(): unknown } };

/**
 * better-sqlite3 runs a statement synchronously; drizzle still wraps each run in a thenable
 * whose `then` makes three promises. On the path of every socket message that is most of the
 * promises made, and every promise costs more for each AsyncLocalStorage the process has in use
 * (Next's several, and ours): so the statement runs at once, answering a settled promise.
 */
function runsAtOnce(statement: SqliteStatement): SqliteStatement {
  const execute = statement.execute.bind(statement);
  statement.execute = (values) => {
    try {
      return Promise.resolve(execute(values).sync()) as unknown as { sync(): unknown };
    } catch (error) {
      return Promise.reject(error as Error) as unknown as { sync(): unknown };
    }
  };
  return statement;
}

/**
 * A placeholder per key, named after it: the values of a prepared insert or update. Drizzle
 * encodes each value with its column's type when the statement runs (a Date into epoch
 * milliseconds on SQLite); they are typed as SQL only because `.set()` does not accept
 * placeholders in its types, though it does at run time.
 */
export function placeholders<K extends string>(keys: readonly K[]): Record<K, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as unknown as Record<K, SQL>;
}

/** A placeholder the column does not encode, for a value that may be null: pass it through `encodedFor`. */
export function rawPlaceholder(key: string): SQL {
  return sql`${sql.placeholder(key)}`;
}

/** A value for a `rawPlaceholder`, encoded as its column would encode it; null stays null. */
export function encodedFor(column: { mapToDriverValue(value: unknown): unknown }, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

const clientHandles = new WeakMap<object, Db>();

/** A drizzle handle on one pooled PostgreSQL connection, made once per connection. */
function onClient(client: object): Db {
  let handle = clientHandles.get(client);
  if (!handle) {
    handle = drizzlePostgres(client as pg.PoolClient, { schema: postgresSchema }) as unknown as Db;
    clientHandles.set(client, handle);
  }
  return handle;
}

/**
 * PostgreSQL only: runs one hand-written statement as a named prepared statement on the current
 * transaction's connection (the pool outside one), straight through the driver: for the few
 * statements on every operation's path (db/session-log-postgres.ts), where drizzle's query
 * building and row mapping cost more than the statement. Rows come as node-postgres parses them
 * (timestamps as Dates, json parsed).
 */
export async function postgresStatement<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
  try {
    return (await postgresClient().query<T & pg.QueryResultRow>({ name, text, values })).rows;
  } catch (error) {
    throw asUnavailable(error);
  }
}

/**
 * `postgresStatement` for a statement whose rows the caller reads by position: each row comes
 * as an array of its columns' values, with no object made per row (node-postgres's rowMode "array").
 */
export async function postgresRows(name: string, text: string, values: unknown[]): Promise<unknown[][]> {
  try {
    return (await postgresClient().query<unknown[]>({ name, text, values, rowMode: "array" })).rows;
  } catch (error) {
    throw asUnavailable(error);
  }
}

/** The current transaction's PostgreSQL connection, or the pool outside one. */
function postgresClient(): pg.PoolClient | pg.Pool {
  const current = connection();
  if (current.engine !== "postgres") throw new Error("postgresStatement runs on PostgreSQL only");
  const scope = scopes.getStore();
  if (scope && !scope.client) throw new Error("the transaction's PostgreSQL connection cannot be told");
  return (scope?.client ?? current.pool) as pg.PoolClient | pg.Pool;
}

/**
 * PostgreSQL only: `postgresStatement` for a write whose answer nobody needs. Inside a
 * group-commit batch (`batchTransaction`, pipelined) it is sent and not waited for, so the
 * change's next statements follow it without a round trip of their own; the server still runs
 * them in order. If it fails, the transaction is aborted and COMMIT answers ROLLBACK, so the
 * batch fails whole and runs again with savepoints, where every statement is waited for and a
 * failure belongs to its change. Anywhere else it is waited for.
 */
export async function postgresWrite(name: string, text: string, values: unknown[]): Promise<void> {
  const scope = scopes.getStore();
  if (!scope?.pipelined || !scope.client) {
    await postgresStatement(name, text, values);
    return;
  }
  // A query object of its own, answered through a callback: node-postgres neither copies a
  // config object nor makes a promise that nobody awaits.
  const flat = scope.flat;
  const query = new pg.Query(text, values, (error: Error | undefined) => {
    if (error && flat) flat.failed = true;
  });
  Object.assign(query, { name });
  (scope.client as pg.PoolClient).query(query);
}

/**
 * Whether the current transaction is a pipelined group-commit batch (PostgreSQL,
 * `batchTransaction`). There a failed statement rolls the batch back whole, and it runs again
 * with savepoints, every statement waited for: a check whose only use is to turn a constraint's
 * failure (a taken id) into a clearer error can be left to that second run.
 */
export function inPipelinedBatch(): boolean {
  return scopes.getStore()?.pipelined === true;
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
  if (current.engine === "sqlite") {
    // The worker's connection first: the writer's, closing last, checkpoints what is left and removes the WAL.
    await current.checkpoints?.close();
    current.sqlite.close();
    await current.wal.close();
  } else await Promise.all([current.pool.end(), current.writePool.end()]);
}

/**
 * Closes the shared database for good as the server stops. A request or socket that arrives
 * during the shutdown is refused instead of opening the database again, which would leave it
 * open (and SQLite's write-ahead log behind) when the process exits.
 */
export async function closeDatabaseForShutdown(): Promise<void> {
  shared.studyCircleStopped = true;
  await closeDatabase();
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
  if (sqliteBusy(error)) return databaseBusy();
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

/**
 * Puts SQLite's WAL on disk after commits: `sync()` resolves once an fsync that started after
 * the call has finished, so every commit made before it is durable. Callers that arrive while
 * an fsync runs share the next one (group sync). The fsync runs on libuv's thread pool.
 */
class WalSync {
  private handle: Promise<FileHandle> | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly walFile: string | undefined) {}

  sync(): Promise<void> {
    if (!this.walFile) return Promise.resolve();
    if (!this.running) {
      this.running = this.flush().finally(() => (this.running = undefined));
      return this.running;
    }
    // The fsync under way may have started before this commit: wait for the one after it.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.sync();
      });
    return this.next;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }

  private async flush(): Promise<void> {
    // The WAL exists from the first commit on, and SQLite keeps it while the database is open.
    this.handle ??= open(this.walFile!, "r");
    try {
      // fdatasync, as SQLite itself syncs on Linux: the data and the file's size, not its times.
      await (await this.handle).datasync();
    } catch (error) {
      this.handle = undefined; // opened again at the next sync
      throw error;
    }
  }
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
