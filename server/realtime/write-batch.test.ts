import { mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase, migrateDatabase, openFreshTestDatabase, sqliteHandle, transaction, transactionAlive } from "../../db/client";
import { engineName } from "../../db/engine";
import { countUsers, createUser, findUserForSignIn } from "../../db/users";
import { AppError } from "../../lib/errors";
import { WriteBatch } from "./write-batch";

const user = (username: string) => () => createUser({ username, displayName: username, passwordHash: "x" });

describe("WriteBatch", () => {
  beforeEach(async () => {
    await openFreshTestDatabase();
  });

  it("applies the changes of one tick in order, in one transaction, and answers after the commit", async () => {
    const batch = new WriteBatch();
    const order: string[] = [];
    const results = Promise.all(["ana", "ben", "cai"].map((name) => batch.run(() => (order.push(name), user(name)()))));
    expect(order).toEqual([]); // nothing runs before the next tick
    const created = await results;
    expect(order).toEqual(["ana", "ben", "cai"]);
    expect(created.map((row) => row.username)).toEqual(["ana", "ben", "cai"]);
    expect(await countUsers()).toBe(3);
    expect(sqliteHandle()?.inTransaction ?? false).toBe(false);
  });

  it("rolls a refused change back alone; the others are committed", async () => {
    const batch = new WriteBatch();
    const writeThenRefuse = async () => {
      await user("dan")();
      throw new AppError("FORBIDDEN", "no");
    };
    const settled = await Promise.allSettled([batch.run(user("ana")), batch.run(() => transaction(writeThenRefuse)), batch.run(user("ana")), batch.run(user("eve"))]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: "USERNAME_TAKEN" });
    expect(await findUserForSignIn("dan")).toBeUndefined();
    expect(await countUsers()).toBe(2);
  });

  it("tells every caller when the transaction itself is lost, and keeps nothing of it", async () => {
    const handle = sqliteHandle();
    if (!handle) return;
    const batch = new WriteBatch();
    const loseTransaction = async () => {
      handle.exec("ROLLBACK"); // what SQLite does on its own after an I/O error
      expect(transactionAlive()).toBe(false);
      throw new Error("disk I/O error");
    };
    const settled = await Promise.allSettled([batch.run(user("ana")), batch.run(loseTransaction), batch.run(user("ben"))]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await countUsers()).toBe(0);
    expect(await batch.run(user("cai"))).toMatchObject({ username: "cai" });
  });

  it("gathers the changes that arrive while a batch commits into the next one, not one batch per tick", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const commits: number[] = [];
    batch.afterCommit((changes) => commits.push(changes));
    let allArrived = () => {};
    const arrivals = new Promise<void>((resolve) => (allArrived = resolve));
    const slow = batch.run(async () => {
      await arrivals;
      return await user("ana")();
    });
    const later: Promise<unknown>[] = [];
    for (const name of ["ben", "cai", "dan", "eve"]) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      later.push(batch.run(user(name)));
    }
    allArrived();
    await Promise.all([slow, ...later]);
    expect(commits).toEqual([1, 4]);
    expect(await countUsers()).toBe(5);
  });

  it("lets a lone change after a busy spell go within a few ms, and an idle one at the next tick", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const commits: number[] = [];
    batch.afterCommit((changes) => commits.push(changes));
    await Promise.all(["ana", "ben", "cai"].map((name) => batch.run(user(name))));
    const timers = vi.spyOn(globalThis, "setTimeout");
    await batch.run(user("dan"));
    // Only the batch's own timer: the PostgreSQL driver sets its query timeouts too.
    const waits = timers.mock.calls.filter(([callback]) => String(callback).includes("flush")).map(([, delay]) => delay ?? 0);
    timers.mockRestore();
    expect(Math.max(0, ...waits)).toBeLessThanOrEqual(4);
    await batch.run(user("eve"));
    expect(commits).toEqual([3, 1, 1]);
  });

  it("runs each change once when none fails, and again (with savepoints) only when one is refused", async () => {
    const batch = new WriteBatch();
    const runs = new Map<string, number>();
    const counted = (name: string, work: () => Promise<unknown>) => () => (runs.set(name, (runs.get(name) ?? 0) + 1), work());
    await Promise.all(["ana", "ben"].map((name) => batch.run(counted(name, user(name)))));
    expect(Object.fromEntries(runs)).toEqual({ ana: 1, ben: 1 });
    runs.clear();
    const settled = await Promise.allSettled([batch.run(counted("cai", user("cai"))), batch.run(counted("ana", user("ana"))), batch.run(counted("dan", user("dan")))]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    // The first run stops at the refused change; the second runs them all, each in a savepoint.
    expect(Object.fromEntries(runs)).toEqual({ cai: 2, ana: 2, dan: 1 });
    expect(await countUsers()).toBe(4);
  });

  it("keeps a nested transaction's rollback when its change catches the failure and carries on", async () => {
    const batch = new WriteBatch();
    const shrugOff = async () => {
      try {
        await transaction(async () => {
          await user("dan")();
          throw new AppError("CONFLICT", "changed its mind");
        });
      } catch {
        // the change goes on without what the nested transaction wrote
      }
      return await user("eve")();
    };
    await Promise.all([batch.run(user("ana")), batch.run(shrugOff)]);
    expect(await findUserForSignIn("dan")).toBeUndefined();
    expect(await findUserForSignIn("eve")).toBeDefined();
    expect(await countUsers()).toBe(2);
    // Alone in its batch too.
    await batch.run(async () => {
      await shrugOff().catch(() => undefined);
      return null;
    });
    expect(await countUsers()).toBe(2);
  });

  it("runs a batch's sessions side by side on PostgreSQL (one after another on SQLite), each session's changes in order", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const steps: string[] = [];
    const step = (name: string, session: string) =>
      batch.run(async () => {
        steps.push(`${name} starts`);
        const created = await user(name)();
        steps.push(`${name} ends`);
        return created;
      }, session);
    await Promise.all([step("ana", "s1"), step("ben", "s1"), step("cai", "s2")]);
    expect(await countUsers()).toBe(3);
    const inOrder = ["ana starts", "ana ends", "ben starts", "ben ends"];
    expect(steps.filter((entry) => !entry.startsWith("cai"))).toEqual(inOrder);
    // cai's session does not wait for ana's and ben's changes where the engine can run them side by side.
    if (engineName() === "postgres") expect(steps.indexOf("cai starts")).toBeLessThan(steps.indexOf("ana ends"));
    else expect(steps).toEqual([...inOrder, "cai starts", "cai ends"]);
  });

  it("rolls a refused change back alone when the sessions of its batch ran side by side", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const settled = await Promise.allSettled([batch.run(user("ana"), "s1"), batch.run(user("ana"), "s2"), batch.run(user("eve"), "s3"), batch.run(user("fay"), "s3")]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: "USERNAME_TAKEN" });
    expect(await countUsers()).toBe(3);
    expect(await batch.run(user("gus"), "s2")).toMatchObject({ username: "gus" });
  });

  it("commits lanes side by side, each session's changes in their order", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4, lanes: 3 });
    let committed = 0;
    batch.afterCommit((changes) => (committed += changes));
    const order = new Map<string, number[]>();
    await Promise.all(
      Array.from({ length: 30 }, (_, index) => {
        const session = `session-${index % 5}`;
        return batch.run(async () => {
          order.set(session, [...(order.get(session) ?? []), index]);
          return await user(`member${index}`)();
        }, session);
      }),
    );
    expect(committed).toBe(30);
    expect(await countUsers()).toBe(30);
    for (const [session, seen] of order) expect(seen, session).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe.skipIf(engineName() !== "sqlite")("WriteBatch on a SQLite file", () => {
  let directory: string;

  beforeEach(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), "sc-batch-"));
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

  it("runs the next batch while the WAL is synced, and answers each change only once a sync after its COMMIT is done", async () => {
    const probe = await open(process.env.DATABASE_FILE!, "r");
    const fileHandle = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const order: string[] = [];
    let syncs = 0;
    let finishFirstSync!: () => void;
    const firstSyncHeld = new Promise<void>((resolve) => (finishFirstSync = resolve));
    vi.spyOn(fileHandle, "datasync").mockImplementation(async () => {
      const sync = ++syncs;
      order.push(`sync ${sync} started`);
      if (sync === 1) await firstSyncHeld;
      order.push(`sync ${sync} done`);
    });
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const first = batch.run(async () => (order.push("first written"), await user("ana")())).then(() => order.push("first answered"));
    await vi.waitFor(() => expect(order).toContain("sync 1 started"));
    // The first batch's WAL is still being synced: the next batch is written meanwhile…
    const second = batch.run(async () => (order.push("second written"), await user("ben")())).then(() => order.push("second answered"));
    await vi.waitFor(() => expect(order).toContain("second written"));
    expect(order).toEqual(["first written", "sync 1 started", "second written"]);
    finishFirstSync();
    await Promise.all([first, second]);
    // …and each change is answered only after a sync that started after it was written.
    const at = (step: string) => order.indexOf(step);
    expect(at("first answered")).toBeGreaterThan(at("sync 1 done"));
    expect(at("sync 2 started")).toBeGreaterThan(at("sync 1 done"));
    expect(at("second answered")).toBeGreaterThan(at("sync 2 done"));
    expect(await countUsers()).toBe(2);
  });
});
