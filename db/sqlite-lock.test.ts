import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, migrateDatabase, readConsistent, sqliteLockWait } from "./client";
import { engineName } from "./engine";
import { countUsers, createUser } from "./users";

// Another process holding SQLite's write lock (a backup import, a copy to PostgreSQL, a second
// server on the same file) makes writes wait — with timers, never inside the synchronous
// driver — so the event loop keeps serving everyone meanwhile.

let directory: string;
let holder: ChildProcess | undefined;

/** Starts a process that takes the write lock of `file`, holds it `ms`, then lets go; resolves once it holds it. */
function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `const Database = require("better-sqlite3");
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE");
    db.exec("INSERT INTO groups (id, name, description, created_at) VALUES ('held', 'held', '', 0)");
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("ROLLBACK"); db.close(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { cwd: path.resolve(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
}

/**
 * How many times a 5 ms timer ran while `work` was pending. A wait inside the synchronous driver
 * (a busy_timeout) lets it run at most once, however long the wait; a machine under load only
 * spaces the runs out.
 */
async function timerRunsDuring<T>(work: () => Promise<T>): Promise<{ timerRuns: number; result: PromiseSettledResult<T> }> {
  let timerRuns = 0;
  const timer = setInterval(() => (timerRuns += 1), 5);
  const [result] = await Promise.allSettled([work()]);
  clearInterval(timer);
  return { timerRuns, result: result! };
}

describe.skipIf(engineName() !== "sqlite")("SQLite's write lock held by another process", () => {
  beforeEach(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), "sc-lock-"));
    await closeDatabase();
    process.env.DATABASE_FILE = path.join(directory, "study-circle.sqlite");
    await migrateDatabase();
  });

  afterEach(async () => {
    holder?.kill();
    holder = undefined;
    sqliteLockWait.limitMs = 5_000;
    await closeDatabase();
    delete process.env.DATABASE_FILE;
    rmSync(directory, { recursive: true, force: true });
  });

  it("waits for the lock without stopping the event loop, then commits", async () => {
    holder = await holdWriteLock(process.env.DATABASE_FILE!, 1_000);
    const startedAt = performance.now();
    const { timerRuns, result } = await timerRunsDuring(() => createUser({ username: "ana", displayName: "Ana", passwordHash: "x" }));
    expect(result.status).toBe("fulfilled");
    expect(performance.now() - startedAt).toBeGreaterThan(500); // it did wait for the other process
    expect(timerRuns).toBeGreaterThan(3); // the event loop went on meanwhile
    expect(await countUsers()).toBe(1);
  });

  it("answers UNAVAILABLE after the bound, writes nothing, and reads meanwhile", async () => {
    sqliteLockWait.limitMs = 300;
    holder = await holdWriteLock(process.env.DATABASE_FILE!, 3_000);
    const { timerRuns, result } = await timerRunsDuring(() => createUser({ username: "ben", displayName: "Ben", passwordHash: "x" }));
    expect(result.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "UNAVAILABLE" });
    expect(holder.exitCode).toBeNull(); // answered before the other process let go
    expect(timerRuns).toBeGreaterThan(3);
    expect(await readConsistent(() => countUsers())).toBe(0);
  });
});
