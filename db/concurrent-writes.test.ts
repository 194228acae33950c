import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle } from "./articles";
import { closeDatabase, migrateDatabase, openFreshTestDatabase } from "./client";
import { engineName } from "./engine";
import { addMember, createGroup } from "./groups";
import { sessionEventsAfter } from "./session-events";
import { changeSessionStatus, findSession, scheduleSession } from "./study-sessions";
import { person } from "./test-people";

const run = promisify(execFile);
const TEXT = "Two nodes write into one session at the same moment.";
const PER_NODE = 200;

// On SQLite the "nodes" share a database file (an in-memory one cannot be shared between processes).
const sqliteFile = path.join(mkdtempSync(path.join(tmpdir(), "study-circle-concurrent-")), "shared.sqlite");

describe("two nodes writing into one session at once", () => {
  beforeAll(async () => {
    if (engineName() === "postgres") return openFreshTestDatabase();
    await closeDatabase();
    process.env.DATABASE_FILE = sqliteFile;
    await migrateDatabase();
  });
  afterAll(async () => {
    await closeDatabase();
    delete process.env.DATABASE_FILE;
  });

  it("gives one row per operation and sequence numbers 1…400 with no gap and no repeat", { timeout: 120_000 }, async () => {
    const owner = await person("owner");
    const writers = [await person("writer1"), await person("writer2")];
    const group = await createGroup({ name: "G", description: "", ownerId: owner });
    for (const writer of writers) await addMember(group.id, writer, "member");
    const blocks = [{ id: "b1", type: "paragraph" as const, text: TEXT }];
    const article = await createArticle({ groupId: group.id, title: "A", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: owner });
    const { id: sessionId } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: owner });
    const { seq: started } = await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-0123456789" });

    const node = (writer: string, prefix: string) =>
      run(process.execPath, ["--import", "tsx", "db/testing/write-operations.ts", sessionId, group.id, writer, TEXT, prefix, String(PER_NODE)], {
        env: { ...process.env, LOG_LEVEL: "silent" },
      });
    const outputs = await Promise.all([node(writers[0]!, "one"), node(writers[1]!, "two")]);
    expect(outputs.map((output) => Number(output.stdout.trim()))).toEqual([PER_NODE, PER_NODE]);

    const events = await sessionEventsAfter(sessionId, started, { id: owner, facilitator: true }, 10_000);
    expect(events).toHaveLength(2 * PER_NODE);
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 2 * PER_NODE }, (_, index) => started + index + 1));
    expect(new Set(events.map((event) => event.clientOpId)).size).toBe(2 * PER_NODE);
    expect((await findSession(sessionId))?.lastSeq).toBe(started + 2 * PER_NODE);
  });
});
