import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import path from "node:path";
import * as schema from "./schema";

/** The typed drizzle handle every query module uses. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

type DbHolder = { studyCircleDb?: Db };
const holder = globalThis as DbHolder;

/** The database file for this process: DATA_DIR/study-circle.sqlite unless DATABASE_FILE says otherwise. */
export function databaseFile(): string {
  if (process.env.DATABASE_FILE) return process.env.DATABASE_FILE;
  return path.join(path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? "./data"), "study-circle.sqlite");
}

/** Opens a SQLite database with the pragmas the app relies on (WAL, foreign keys, busy timeout). */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

/**
 * The shared database, opened lazily on first use: `next build` imports route modules,
 * and the custom server and Next's handlers must share one connection through globalThis.
 */
export function db(): Db {
  holder.studyCircleDb ??= openDatabase(databaseFile());
  return holder.studyCircleDb;
}

/**
 * A statement that is built and compiled once per database connection, then reused: for
 * queries on the hot path of every socket message. Building a drizzle query and compiling it
 * in SQLite costs more than running it. Tests swap the connection; each gets its own.
 */
export function prepared<T>(build: (database: Db) => T): () => T {
  const statements = new WeakMap<Db, T>();
  return () => {
    const database = db();
    let statement = statements.get(database);
    if (statement === undefined) {
      statement = build(database);
      statements.set(database, statement);
    }
    return statement;
  };
}

/**
 * Runs synchronous database work in one write transaction (BEGIN IMMEDIATE … COMMIT); a
 * transaction started inside it becomes a savepoint, so each can fail on its own.
 */
export function inTransaction<T>(work: () => T): T {
  return db().transaction(() => work(), { behavior: "immediate" });
}

/** Whether the shared connection is inside a transaction now (SQLite may end one on its own after an I/O error). */
export function databaseInTransaction(): boolean {
  return db().$client.inTransaction;
}

/** Opens a fresh, migrated in-memory database and makes it the shared one (unit tests). */
export function openFreshTestDatabase(): Db {
  holder.studyCircleDb?.$client.close();
  holder.studyCircleDb = openDatabase(":memory:");
  migrateDatabase(holder.studyCircleDb);
  return holder.studyCircleDb;
}

/** Applies the committed drizzle-kit migrations. */
export function migrateDatabase(database: Db = db()): void {
  migrate(database, { migrationsFolder: path.resolve(/*turbopackIgnore: true*/ process.cwd(), "db/migrations") });
}

/** Closes the shared database if it was opened (used on shutdown). */
export function closeDatabase(): void {
  holder.studyCircleDb?.$client.close();
  holder.studyCircleDb = undefined;
}

/** Answers whether the database responds to a trivial query. */
export function databaseReachable(): boolean {
  try {
    db().$client.prepare("select 1").get();
    return true;
  } catch {
    return false;
  }
}
