import { databaseEngine, transaction, transactionAlive } from "../../db/client";

type Pending = { work: () => Promise<unknown>; session: string; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** How a batch gathers its changes; see WriteBatch. */
export type BatchWindow = {
  /** Batches committing at once: SQLite has one writer; PostgreSQL's pool can take a few. */
  maxInFlight: number;
  /** The longest a change waits for a batch to start while others commit. */
  maxWaitMs: number;
};

/**
 * Group commit for the writes of socket messages: the changes that arrive together run one
 * after another inside a single transaction, each in its own savepoint (a refused change
 * rolls back alone), and every caller hears back only after the one COMMIT.
 *
 * The window adapts to the load. Idle, a change waits one tick (`setImmediate`), so a lone
 * change is not delayed. While a batch is committing, new changes gather for the next one
 * until that commit ends (or `maxWaitMs` passes and a second batch may start, where the
 * engine can run two at once): the busier the database, the more changes share a COMMIT.
 * After a commit of several changes, the next batch also waits for as long as that commit
 * took (at most `maxWaitMs`), since under steady load more changes arrive meanwhile.
 */
export class WriteBatch {
  private queue: Pending[] = [];
  private scheduled: "tick" | "timer" | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private lastBatch = { size: 0, commitMs: 0 };
  private readonly committedListeners: ((changes: number) => void)[] = [];

  /** `window` defaults by engine, decided at the first change (the database is not opened before). */
  constructor(private window?: BatchWindow) {}

  /**
   * Runs `work` (database code) in the next batch; resolves after it is committed. Work for
   * the same `session` keeps its order; sessions go in id order, so two nodes' batches lock
   * the sessions' logs in the same order and never wait on each other in a circle.
   */
  run<T>(work: () => Promise<T>, session = ""): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, session, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Calls `listener` after each commit with how many changes it made (the search indexer's nudge). */
  afterCommit(listener: (changes: number) => void): void {
    this.committedListeners.push(listener);
  }

  private schedule(): void {
    if (this.scheduled === "tick" || this.queue.length === 0) return;
    const window = (this.window ??= defaultWindow());
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
    try {
      await this.commit(batch);
    } finally {
      this.inFlight -= 1;
      this.lastBatch = { size: batch.length, commitMs: performance.now() - startedAt };
      this.schedule();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[] = [];
    try {
      await transaction(async () => {
        // A transaction that lost a deadlock runs again from the start (PostgreSQL).
        outcomes = [];
        for (const item of batch) outcomes.push(await attempt(item));
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    const committed = outcomes.filter((outcome) => outcome.ok).length;
    for (const listener of this.committedListeners) listener(committed);
  }
}

/** One batch at a time on SQLite (its single writer would queue a second); a few on PostgreSQL. */
function defaultWindow(): BatchWindow {
  return { maxInFlight: databaseEngine() === "postgres" ? 3 : 1, maxWaitMs: 4 };
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
