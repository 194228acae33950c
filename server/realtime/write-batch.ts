import { transaction, transactionAlive } from "../../db/client";

type Pending = { work: () => Promise<unknown>; session: string; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for the writes of socket messages: the changes that arrive within one turn of
 * the event loop run one after another inside a single transaction, each in its own
 * savepoint (a refused change rolls back alone), and every caller hears back only after the
 * one COMMIT. Under load this saves a commit per change; a lone change waits one tick.
 */
export class WriteBatch {
  private queue: Pending[] = [];
  private scheduled = false;

  /**
   * Runs `work` (database code) in the next batch; resolves after it is committed. Work for
   * the same `session` keeps its order; sessions go in id order, so two nodes' batches lock
   * the sessions' logs in the same order and never wait on each other in a circle.
   */
  run<T>(work: () => Promise<T>, session = ""): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, session, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue.sort((a, b) => (a.session < b.session ? -1 : a.session > b.session ? 1 : 0));
    this.queue = [];
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
  }
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
