import { sql } from "drizzle-orm";
import { databaseEngine, rawRows, runRaw, transaction } from "./client";
import { deletePendingStatement, pendingBatchQuery, pendingItems, searchIndexStatements, type PendingRow } from "./search-index-sql";

/**
 * The search indexer: derives the search entries of the items the source tables' triggers
 * noted as changed (db/search-index-sql.ts), in batches, outside the writes that changed them.
 * A write pays for one small row; the index (FTS5 on SQLite, the tsvector's GIN index on
 * PostgreSQL) is written once per batch. The noted rows are deleted in the batch's own
 * transaction, so a crash between a write and its indexing leaves the note, and the next
 * start catches up: nothing is ever left out of search for good.
 */

/** Items per batch: bounds how long one batch holds SQLite's writer (a few ms per hundred comments). */
const BATCH = 500;
/** Only one indexer at a time on PostgreSQL, whichever node runs it (pg_advisory_xact_lock). */
const INDEXER_LOCK = 7238192;

/**
 * Indexes everything noted so far, batch after batch, and answers how many noted changes it
 * handled. Tests await it after writing, instead of waiting for the background indexer.
 */
export async function indexPendingSearch(options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? BATCH;
  let handled = 0;
  for (;;) {
    const count = await indexBatch(batchSize);
    handled += count;
    if (count < batchSize) return handled;
  }
}

async function indexBatch(batchSize: number): Promise<number> {
  return await transaction(async () => {
    const engine = databaseEngine();
    if (engine === "postgres") await runRaw(sql`SELECT pg_advisory_xact_lock(${INDEXER_LOCK})`);
    const rows = await rawRows<PendingRow>(pendingBatchQuery(batchSize));
    if (rows.length === 0) return 0;
    for (const statement of searchIndexStatements(engine, pendingItems(rows))) await runRaw(statement);
    await runRaw(deletePendingStatement(rows.map((row) => Number(row.id))));
    return rows.length;
  });
}

/** How many changes wait for the indexer (for tests and the bench). */
export async function pendingSearchChanges(): Promise<number> {
  const [row] = await rawRows<{ n: number }>(sql`SELECT cast(count(*) AS integer) AS n FROM search_pending`);
  return row?.n ?? 0;
}

/** The indexer running in the background of a server process. */
export type SearchIndexer = {
  /** Tells it that writes committed `changes` changes: enough of them start a batch before the next tick. */
  nudge(changes: number): void;
  /** Stops the timer and waits for a batch under way. */
  stop(): Promise<void>;
};

/**
 * Starts indexing in the background: everything noted at once (catching up after a stop or a
 * crash), then every `intervalMs`, or sooner once `eagerAfter` changes were committed. A failed
 * run is reported and tried again at the next tick; the notes stay until a run succeeds.
 */
export function startSearchIndexer(options: { intervalMs?: number; eagerAfter?: number; batchSize?: number; onError: (error: unknown) => void }): SearchIndexer {
  const intervalMs = options.intervalMs ?? 1000;
  const eagerAfter = options.eagerAfter ?? BATCH;
  let running: Promise<void> | undefined;
  let again = false;
  let sinceRun = 0;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    sinceRun = 0;
    running = indexPendingSearch({ batchSize: options.batchSize })
      .then(() => undefined, options.onError)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    nudge(changes) {
      sinceRun += changes;
      if (sinceRun >= eagerAfter) run();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
