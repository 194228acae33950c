import { Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchTransaction, openFreshTestDatabase, postgresStatement, postgresWrite } from "./client";
import { engineName } from "./engine";

describe.skipIf(engineName() !== "postgres")("PostgreSQL group-commit lanes", () => {
  beforeEach(async () => {
    await openFreshTestDatabase();
    // Opens the lane's connection, so that the writes counted below are statements only.
    await batchTransaction(() => postgresStatement("laneWarm", "SELECT 1 AS one", []));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The socket writes to the database made while `work` runs (one per system call: a chunk alone, or several corked together). */
  async function socketWrites(work: () => Promise<unknown>): Promise<number> {
    const single = vi.spyOn(Socket.prototype, "_write");
    const several = vi.spyOn(Socket.prototype, "_writev");
    await work();
    return single.mock.calls.length + several.mock.calls.length;
  }

  it("sends the statements a batch issues in one tick as one write, and answers each in order", async () => {
    const answers: number[] = [];
    const writes = await socketWrites(() =>
      batchTransaction(async () => {
        // BEGIN and ten statements in one tick, then COMMIT in a later one: two writes, not twelve.
        await Promise.all(
          Array.from({ length: 10 }, async (_, index) => {
            const [row] = await postgresStatement<{ n: number }>("laneEcho", "SELECT $1::integer AS n", [index]);
            answers.push(row!.n);
          }),
        );
      }),
    );
    expect(answers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(writes).toBe(2);
  });

  it("sends a change's statements that nobody waits for together with the next ones it waits for", async () => {
    const writes = await socketWrites(() =>
      batchTransaction(async () => {
        await postgresWrite("laneTemp", "CREATE TEMPORARY TABLE lane_notes (n integer) ON COMMIT DROP", []);
        await postgresWrite("laneNote", "INSERT INTO lane_notes VALUES ($1)", [1]);
        const [row] = await postgresStatement<{ n: number }>("laneCount", "SELECT count(*)::integer AS n FROM lane_notes", []);
        expect(row!.n).toBe(1);
      }),
    );
    // BEGIN with the three statements, then COMMIT.
    expect(writes).toBe(2);
  });
});
