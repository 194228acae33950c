import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle } from "./articles";
import { sql } from "drizzle-orm";
import { closeDatabase, lendSqliteWriter, migrateDatabase, rawRows, runRaw } from "./client";
import { engineName } from "./engine";
import { addMember, createGroup } from "./groups";
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

describe.skipIf(engineName() !== "sqlite")("the search indexer's thread (SQLite)", () => {
  it("indexes what the server writes, in its thread, and leaves nothing noted", async () => {
    const ana = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
    const ben = await createUser({ username: "ben", displayName: "Ben", passwordHash: "x" });
    const groupId = (await createGroup({ name: "Lectores", description: "", ownerId: ana.id })).id;
    await addMember(groupId, ben.id, "member");
    const blocks = blocksFromMarkdown("The union met on Sunday to read together.");
    const article = await createArticle({ groupId, title: "Minutes", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: ana.id });
    const { id } = await scheduleSession({ groupId, articleId: article.id, title: "First", scheduledAt: new Date(), createdBy: ana.id });
    const session = { id, groupId, status: "live" as const, text: canonicalText(blocks) };
    const errors: unknown[] = [];
    const indexer = startSearchIndexer({ intervalMs: 60_000, eagerAfter: 1, batchSize: 4, onError: (error) => errors.push(error) });
    try {
      await expect.poll(() => indexer.onThread(), { timeout: 30_000 }).toBe(true);
      const exact = "read together";
      const start = session.text.indexOf(exact);
      for (let index = 0; index < 10; index++) {
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
      indexer.nudge(10);
      await expect.poll(() => pendingSearchChanges(), { timeout: 10_000 }).toBe(0);
      const { hits } = await searchForUser({ userId: ben.id, query: "cooperativas", limit: 100 });
      expect(hits).toHaveLength(10);
      expect(indexer.onThread()).toBe(true);
    } finally {
      await indexer.stop();
    }
    expect(errors).toEqual([]);
    await checkSearchIndex();
  });

  it("lends the writer's turn: a write outside a transaction waits for the other connection instead of failing", async () => {
    // Another connection takes the lock and lets go 300 ms later, as the worker's batch would.
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
