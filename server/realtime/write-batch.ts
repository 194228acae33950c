import { batchTransaction, inPipelinedBatch, NestedTransactionFailed, transaction, transactionAlive, writeLanes } from "../../db/client";

type Pending = { work: () => Promise<unknown>; session: string; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** How a batch gathers its changes; see WriteBatch. */
export type BatchWindow = {
  /** Batches committing at once in one lane: SQLite has one writer; PostgreSQL's pool can take a few. */
  maxInFlight: number;
  /** The longest a change waits for a batch to start while others commit. */
  maxWaitMs: number;
  /**
   * Lanes that commit side by side, each for its own share of the sessions (1 unless given):
   * on PostgreSQL a batch spends most of its time waiting for round trips, so batches of
   * different sessions on separate connections add up instead of queueing behind one another.
   */
  lanes?: number;
};

/**
 * Group commit for the writes of socket messages: the changes that arrive together run one
 * after another inside a single transaction, and every caller hears back only after the one
 * COMMIT. A batch first runs without savepoints (changes rarely fail, and a savepoint costs a
 * pair of statements per change, two round trips on PostgreSQL); if a change fails, that
 * transaction is rolled back whole and the batch runs again with each change in its own
 * savepoint, so a refused change rolls back alone and the others are committed.
 *
 * The window adapts to the load. Idle, a change waits one tick (`setImmediate`), so a lone
 * change is not delayed. While a batch is committing, new changes gather for the next one
 * until that commit ends (or `maxWaitMs` passes and a second batch may start, where the
 * engine can run two at once): the busier the database, the more changes share a COMMIT.
 * After a commit of several changes, the next batch also waits for as long as that commit
 * took (at most `maxWaitMs`), since under steady load more changes arrive meanwhile.
 *
 * On SQLite the next batch starts at the COMMIT, while the WAL holding it is synced: its
 * callers hear back only once that sync is done, and the next batch's callers only once a sync
 * started after their own COMMIT is done (db/client.ts), so every acknowledged change is on
 * disk, and a batch that read what the one before wrote can never outlive it in a crash (the
 * WAL is replayed in order, up to its first incomplete frame).
 *
 * With several lanes (PostgreSQL), each session's changes always go to the same lane, so they
 * keep their order, and the lanes' transactions lock disjoint sessions. Within a PostgreSQL
 * batch the sessions also run side by side on the lane's pipelined connection: a batch then
 * waits on the round trips of its busiest session rather than on those of all its changes.
 */
export class WriteBatch {
  private lanes: Lane[] | undefined;
  private readonly committedListeners: ((changes: number) => void)[] = [];

  /** `window` defaults by engine, decided at the first change (the database is not opened before). */
  constructor(private window?: BatchWindow) {}

  /**
   * Runs `work` (database code) in the next batch; resolves after it is committed. Work for
   * the same `session` keeps its order; sessions go in id order, so two nodes' batches lock
   * the sessions' logs in the same order and never wait on each other in a circle. `work` may
   * run more than once (again with savepoints, or after a lost deadlock); only one run commits.
   */
  run<T>(work: () => Promise<T>, session = ""): Promise<T> {
    const window = (this.window ??= defaultWindow());
    const lanes = (this.lanes ??= Array.from({ length: Math.max(1, window.lanes ?? 1) }, () => new Lane(window, (changes) => this.committed(changes))));
    return lanes[laneOf(session, lanes.length)]!.run(work, session);
  }

  /** Calls `listener` after each commit with how many changes it made (the search indexer's nudge). */
  afterCommit(listener: (changes: number) => void): void {
    this.committedListeners.push(listener);
  }

  private committed(changes: number): void {
    for (const listener of this.committedListeners) listener(changes);
  }
}

/** One queue of changes and its batches (see WriteBatch). */
class Lane {
  private queue: Pending[] = [];
  private scheduled: "tick" | "timer" | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private lastBatch = { size: 0, commitMs: 0 };

  constructor(
    private readonly window: BatchWindow,
    private readonly onCommit: (changes: number) => void,
  ) {}

  run<T>(work: () => Promise<T>, session: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, session, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled === "tick" || this.queue.length === 0) return;
    const window = this.window;
    const busy = this.inFlight > 0;
    if (busy && this.inFlight >= window.maxInFlight) return; // the batch in flight starts the next one when it ends
    const gathered = this.queue.length >= this.lastBatch.size;
    const waitMs = busy ? window.maxWaitMs : gathered ? 0 : Math.min(this.lastBatch.commitMs, window.maxWaitMs);
    if (waitMs < 0.5) {
      clearTimeout(this.timer);
      this.scheduled = "tick";
      setImmediate(() => void this.flush());
      return;
    }
    if (this.scheduled === "timer") return;
    this.scheduled = "timer";
    this.timer = setTimeout(() => void this.flush(), waitMs);
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.scheduled = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue.sort((a, b) => (a.session < b.session ? -1 : a.session > b.session ? 1 : 0));
    this.queue = [];
    this.inFlight += 1;
    const startedAt = performance.now();
    let ended = false;
    // The lane is free for the next batch once the database can take it: on SQLite at the
    // COMMIT, while this batch's callers still wait for the WAL to reach the disk.
    const committed = () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
      this.lastBatch = { size: batch.length, commitMs: performance.now() - startedAt };
      this.schedule();
    };
    try {
      await this.commit(batch, committed);
    } finally {
      committed();
    }
  }

  private async commit(batch: Pending[], committed: () => void): Promise<void> {
    const outcomes = await this.flat(batch, committed).catch((error: unknown) => error as Failure);
    if (!(outcomes instanceof Failure)) return this.settle(batch, outcomes);
    // Nothing of the flat run was written.
    if (outcomes.kind === "transaction") return this.rejectAll(batch, outcomes.error);
    // A lone change that failed needs no second run: its failure is the answer.
    if (outcomes.kind === "change" && batch.length === 1) return this.rejectAll(batch, outcomes.error);
    await this.withSavepoints(batch, committed);
  }

  /**
   * The whole batch in one transaction without savepoints; rejects with a Failure (and nothing
   * written) when anything failed. On PostgreSQL the batch's sessions run side by side on its
   * pipelined connection (`batchTransaction`), each session's changes in order; on SQLite
   * one change after another.
   */
  private async flat(batch: Pending[], committed: () => void): Promise<Outcome[]> {
    let failed: Failure | undefined;
    try {
      return await batchTransaction(
        async () => {
          failed = undefined; // a transaction that lost a deadlock runs again from the start (PostgreSQL)
          const outcomes: Outcome[] = [];
          const runInOrder = async (items: number[]) => {
            for (const index of items) {
              if (failed) return; // the whole batch rolls back: the rest need not run
              try {
                outcomes[index] = { ok: true, value: await batch[index]!.work() };
              } catch (error) {
                // SQLite ends the whole transaction on its own after some errors (disk full, I/O): every change hears so.
                failed ??= new Failure(transactionAlive() ? "change" : "transaction", error);
                throw error;
              }
            }
          };
          const runs = inPipelinedBatch() ? bySession(batch) : [batch.map((_, index) => index)];
          // Every run settles before the transaction ends: none may send a statement after ROLLBACK.
          const settled = await Promise.allSettled(runs.map(runInOrder));
          const rejected = settled.find((outcome) => outcome.status === "rejected");
          if (rejected) throw rejected.reason;
          return outcomes;
        },
        { committed },
      );
    } catch (error) {
      if (failed) throw failed;
      // A change caught the failure of a transaction nested in it, which needs its savepoint.
      if (error instanceof NestedTransactionFailed) throw new Failure("nested", error);
      throw new Failure("transaction", error);
    }
  }

  /** The batch again, each change in its own savepoint: a refused change rolls back alone. */
  private async withSavepoints(batch: Pending[], committed: () => void): Promise<void> {
    let outcomes: Outcome[] = [];
    try {
      await transaction(
        async () => {
          outcomes = [];
          for (const item of batch) outcomes.push(await attempt(item));
        },
        { committed },
      );
    } catch (error) {
      return this.rejectAll(batch, error);
    }
    this.settle(batch, outcomes);
  }

  private settle(batch: Pending[], outcomes: Outcome[]): void {
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    this.onCommit(outcomes.filter((outcome) => outcome.ok).length);
  }

  private rejectAll(batch: Pending[], error: unknown): void {
    for (const item of batch) item.reject(error);
  }
}

/**
 * Why a flat batch failed: a change (the others may run again), a transaction nested in a change
 * whose failure the change caught (the batch runs again with savepoints), or the transaction
 * itself (BEGIN, COMMIT, the connection, SQLite's own rollback: every change hears so).
 */
class Failure {
  constructor(
    readonly kind: "change" | "nested" | "transaction",
    readonly error: unknown,
  ) {}
}

/** One batch at a time in each lane; one lane on SQLite (its single writer), on PostgreSQL as many as the pool gives (db/client.ts). */
function defaultWindow(): BatchWindow {
  return { maxInFlight: 1, maxWaitMs: 4, lanes: writeLanes() };
}

/** The positions of a batch's changes grouped by session, in the batch's (session id) order. */
function bySession(batch: Pending[]): number[][] {
  const runs: number[][] = [];
  batch.forEach((item, index) => {
    const last = runs.at(-1);
    if (last && batch[last[0]!]!.session === item.session) last.push(index);
    else runs.push([index]);
  });
  return runs;
}

/** The lane of a session: a small hash of its id, so each session always goes the same way. */
function laneOf(session: string, lanes: number): number {
  if (lanes === 1) return 0;
  let hash = 0;
  for (let index = 0; index < session.length; index++) hash = (hash * 31 + session.charCodeAt(index)) | 0;
  return Math.abs(hash) % lanes;
}

async function attempt(item: Pending): Promise<Outcome> {
  try {
    return { ok: true, value: await item.work() };
  } catch (error) {
    // SQLite rolls the whole transaction back on some errors (disk full, I/O): then nothing
    // of this batch was written, and every caller must hear so.
    if (!transactionAlive()) throw error;
    return { ok: false, error };
  }
}

/** The batch every session operation goes through. */
export const sessionWrites = new WriteBatch();
