import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, migrateDatabase } from "./client";
import { engineName } from "./engine";
import { countUsers, createUser } from "./users";

// A write transaction on SQLite returns only once its commit is on disk: an fsync of the WAL,
// run off the event loop, that started after the commit; commits made meanwhile share one.

let directory: string;

describe.skipIf(engineName() !== "sqlite")("SQLite durability", () => {
  beforeEach(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), "sc-durable-"));
    await closeDatabase();
    process.env.DATABASE_FILE = path.join(directory, "study-circle.sqlite");
    await migrateDatabase();
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await closeDatabase();
    delete process.env.DATABASE_FILE;
    rmSync(directory, { recursive: true, force: true });
  });

  it("syncs the WAL before a write returns, one fsync for the commits made while another ran", async () => {
    const probe = await open(process.env.DATABASE_FILE!, "r");
    const fileHandle = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const order: string[] = [];
    const sync = vi.spyOn(fileHandle, "datasync").mockImplementation(async () => {
      order.push("sync started");
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push("sync done");
    });

    await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
    order.push("returned");
    expect(order).toEqual(["sync started", "sync done", "returned"]);

    sync.mockClear();
    await Promise.all(["ben", "cai", "dan", "eve", "fay"].map((name) => createUser({ username: name, displayName: name, passwordHash: "x" })));
    expect(sync.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(sync.mock.calls.length).toBeLessThanOrEqual(2);
    expect(await countUsers()).toBe(6);
  });
});
