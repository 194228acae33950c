import { databaseInTransaction, inTransaction } from "../../db/client";

type Pending = { work: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * Group commit for the writes of socket messages: the changes that arrive within one turn of
 * the event loop run one after another inside a single SQLite transaction, each in its own
 * savepoint (a refused change rolls back alone), and every caller hears back only after the
 * one COMMIT. Under load this saves a commit per change; a lone change waits one tick.
 */
export class WriteBatch {
  private queue: Pending[] = [];
  private scheduled = false;

  /** Runs `work` (synchronous database code) in the next batch; resolves after it is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      inTransaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: item.work() });
          } catch (error) {
            // SQLite rolls the whole transaction back on some errors (disk full, I/O): then
            // nothing of this batch was written, and every caller must hear so.
            if (!databaseInTransaction()) throw error;
            outcomes.push({ ok: false, error });
          }
        }
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

/** The batch every session operation goes through. */
export const sessionWrites = new WriteBatch();
