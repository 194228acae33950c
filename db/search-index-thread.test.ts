import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle } from "./articles";
import { closeDatabase, lendSqliteWriter, migrateDatabase, rawRows, runRaw } from "./client";
import { engineName } from "./engine";
import { addMember, createGroup } from "./groups";
import type { SessionContext } from "./operation-context";
import { checkSearchIndex, searchForUser } from "./search";
import { pendingSearchChanges, startSearchIndexer } from "./search-index";
import { applyOperation } from "./session-operations";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

// On a SQLite file the search indexer's batches run in a worker thread with its own connection,
// each while the server lends it the writer's turn.

let directory: string;

beforeEach(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), "sc-indexer-"));
  await closeDatabase();
  process.env.DATABASE_FILE = path.join(directory, "study-circle.sqlite");
  await migrateDatabase();
});

afterEach(async () => {
  await closeDatabase();
  delete process.env.DATABASE_FILE;
  rmSync(directory, { recursive: true, force: true });
});

/** A live session of a group of two: Ana, its owner, and Ben. */
async function oneSession() {
  const ana = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
  const ben = await createUser({ username: "ben", displayName: "Ben", passwordHash: "x" });
  const groupId = (await createGroup({ name: "Lectores", description: "", ownerId: ana.id })).id;
  await addMember(groupId, ben.id, "member");
  const blocks = blocksFromMarkdown("The union met on Sunday to read together.");
  const article = await createArticle({ groupId, title: "Minutes", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: ana.id });
  const { id } = await scheduleSession({ groupId, articleId: article.id, title: "First", scheduledAt: new Date(), createdBy: ana.id });
  return { session: { id, groupId, status: "live" as const, text: canonicalText(blocks) }, ana, ben };
}

/** `count` annotations by Ana, each with a comment that says "cooperativas". */
async function annotate(session: SessionContext, ana: { id: string }, count: number): Promise<void> {
  const exact = "read together";
  const start = session.text.indexOf(exact);
  for (let index = 0; index < count; index++) {
    await applyOperation({
      session,
      actor: { id: ana.id, name: "Ana", role: "owner" },
      clientOpId: `op-${index}-abcdefgh`,
      operation: {
        type: "annotation.create",
        annotationId: `a${index}`,
        kind: "question",
        visibility: "shared",
        passage: { start, end: start + exact.length, exact },
        body: `cooperativas ${index}`,
      },
    });
  }
}

// The thread compiles its TypeScript as it starts: seconds on a loaded machine.
const START = { timeout: 60_000 };

describe.skipIf(engineName() !== "sqlite")("the search indexer's thread (SQLite)", () => {
  it("indexes what the server writes, in its thread, and leaves nothing noted", START, async () => {
    const { session, ana, ben } = await oneSession();
    const errors: unknown[] = [];
    const indexer = startSearchIndexer({ intervalMs: 60_000, eagerAfter: 1, batchSize: 4, onError: (error) => errors.push(error) });
    try {
      await expect.poll(() => indexer.onThread(), { timeout: 50_000 }).toBe(true);
      await annotate(session, ana, 10);
      indexer.nudge(10);
      await expect.poll(() => pendingSearchChanges(), { timeout: 10_000 }).toBe(0);
      expect((await searchForUser({ userId: ben.id, query: "cooperativas", limit: 100 })).hits).toHaveLength(10);
      expect(indexer.onThread()).toBe(true);
    } finally {
      await indexer.stop();
    }
    expect(errors).toEqual([]);
    await checkSearchIndex();
  });

  it("falls back to the server's thread when its own fails mid-way, and loses nothing", START, async () => {
    const { session, ana, ben } = await oneSession();
    const errors: unknown[] = [];
    // A thread that starts, then fails at its first batch.
    const failing = `data:text/javascript,${encodeURIComponent(`import { parentPort } from "node:worker_threads";
      parentPort.on("message", () => { throw new Error("the thread failed"); });
      parentPort.postMessage("ready");`)}`;
    const indexer = startSearchIndexer({ intervalMs: 60_000, eagerAfter: 1, onError: (error) => errors.push(error), threadModule: failing });
    try {
      await expect.poll(() => indexer.onThread(), { timeout: 50_000 }).toBe(true);
      await annotate(session, ana, 3);
      indexer.nudge(3);
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(indexer.onThread()).toBe(false);
      expect(await pendingSearchChanges()).toBe(3);
      indexer.nudge(1);
      await expect.poll(() => pendingSearchChanges(), { timeout: 10_000 }).toBe(0);
      expect((await searchForUser({ userId: ben.id, query: "cooperativas", limit: 100 })).hits).toHaveLength(3);
    } finally {
      await indexer.stop();
    }
  });

  it("lends the writer's turn: a write outside a transaction waits for the other connection instead of failing", START, async () => {
    // Another connection takes the lock and lets go 300 ms later, as the thread's batch would.
    const script = `const Database = require("better-sqlite3");
      const db = new Database(${JSON.stringify(process.env.DATABASE_FILE)});
      db.exec("BEGIN IMMEDIATE");
      process.stdout.write("locked\\n");
      setTimeout(() => { db.exec("COMMIT"); db.close(); process.exit(0); }, 300);`;
    await lendSqliteWriter(async () => {
      const holder = spawn(process.execPath, ["-e", script], { cwd: path.resolve(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] });
      await new Promise((resolve, reject) => {
        holder.stdout.once("data", resolve);
        holder.once("exit", (code) => reject(new Error(`the lock holder exited with ${code}`)));
      });
      // Outside any transaction: one statement that takes the lock on its own.
      await runRaw(sql`INSERT INTO groups (id, name, description, created_at) VALUES ('lent', 'lent', '', 0)`);
    });
    expect(await rawRows(sql`SELECT id FROM groups`)).toEqual([{ id: "lent" }]);
  });
});
