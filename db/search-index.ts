import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { sql } from "drizzle-orm";
import { databaseEngine, lendSqliteWriter, rawRows, runRaw, sqliteFile, transaction } from "./client";
import { deletePendingStatement, pendingBatchQuery, pendingItems, searchIndexStatements, type PendingRow } from "./search-index-sql";

/**
 * The search indexer: derives the search entries of the items the source tables' triggers
 * noted as changed (db/search-index-sql.ts), in batches, outside the writes that changed them.
 * A write pays for one small row; the index (FTS5 on SQLite, the tsvector's GIN index on
 * PostgreSQL) is written once per batch. The noted rows are deleted in the batch's own
 * transaction, so a crash between a write and its indexing leaves the note, and the next
 * start catches up: nothing is ever left out of search for good.
 *
 * On a SQLite file the background indexer's batches run in a worker thread with a connection of
 * its own (db/search-index-worker.ts), so the server's thread spends nothing on them; should the
 * thread fail, the batches run on the server's thread as before.
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
  /** Whether its batches run on its worker thread now (a SQLite file, once the thread has started) rather than the server's. */
  onThread(): boolean;
};

/**
 * Starts indexing in the background: everything noted at once (catching up after a stop or a
 * crash), then every `intervalMs`, or sooner once `eagerAfter` changes were committed. A failed
 * run is reported and tried again at the next tick; the notes stay until a run succeeds.
 */
export function startSearchIndexer(options: {
  intervalMs?: number;
  eagerAfter?: number;
  batchSize?: number;
  onError: (error: unknown) => void;
  /** The worker thread's module (tests give one that fails); db/search-index-worker.ts by default. */
  threadModule?: string;
}): SearchIndexer {
  const intervalMs = options.intervalMs ?? 1000;
  const eagerAfter = options.eagerAfter ?? BATCH;
  const file = databaseEngine() === "sqlite" ? sqliteFile() : undefined;
  const thread = file ? new IndexerThread(file, options.threadModule ?? pathToFileURL(path.join(import.meta.dirname, "search-index-worker.ts")).href, options.onError) : undefined;
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
    const pass = thread?.ready ? thread.indexPending(options.batchSize ?? BATCH) : indexPendingSearch({ batchSize: options.batchSize });
    running = pass
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
      await thread?.close();
    },
    onThread: () => thread?.ready ?? false,
  };
}

/**
 * The worker thread running the indexer's batches on SQLite, one at a time, each while the
 * server lends it the writer's turn. Until it has started (it compiles its TypeScript first),
 * and for good once it failed, `ready` is false and the batches run on the server's thread.
 */
class IndexerThread {
  private readonly worker: Worker;
  private started = false;
  private failed = false;
  private answer: { resolve: (count: number) => void; reject: (error: Error) => void } | undefined;
  private readonly exited: Promise<void>;

  constructor(file: string, entry: string, onError: (error: unknown) => void) {
    // A plain-JavaScript entry that loads the TypeScript worker through tsx (the server's own loader).
    this.worker = new Worker(WORKER_ENTRY, { eval: true, execArgv: [], workerData: { file, entry } });
    // The server's shutdown closes it; until then it keeps nobody alive.
    this.worker.unref();
    this.worker.on("message", (message: "ready" | { count: number } | { error: string }) => {
      if (message === "ready") this.started = true;
      else if ("count" in message) this.settle((answer) => answer.resolve(message.count));
      else this.settle((answer) => answer.reject(new Error(message.error)));
    });
    this.worker.on("error", (error) => {
      this.fail(error);
      onError(error);
    });
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    void this.exited.then(() => this.fail(new Error("the search indexer's thread stopped")));
  }

  get ready(): boolean {
    return this.started && !this.failed;
  }

  /** Every noted change, batch after batch, as `indexPendingSearch` does on the server's thread. */
  async indexPending(batchSize: number): Promise<number> {
    let handled = 0;
    for (;;) {
      const count = await lendSqliteWriter(() => this.batch(batchSize));
      handled += count;
      if (count < batchSize) return handled;
    }
  }

  /** Stops the thread (its connection closed) and waits for it. */
  async close(): Promise<void> {
    if (this.failed) return;
    this.worker.ref();
    this.worker.postMessage("close");
    await this.exited;
  }

  private batch(batchSize: number): Promise<number> {
    if (this.failed) return Promise.reject(new Error("the search indexer's thread stopped"));
    return new Promise((resolve, reject) => {
      this.answer = { resolve, reject };
      this.worker.postMessage({ batchSize });
    });
  }

  private settle(how: (answer: { resolve: (count: number) => void; reject: (error: Error) => void }) => void): void {
    const answer = this.answer;
    this.answer = undefined;
    if (answer) how(answer);
  }

  private fail(error: Error): void {
    this.failed = true;
    this.settle((answer) => answer.reject(error));
  }
}

/** The worker's entry, plain JavaScript: registers tsx in the thread, then loads the worker module. */
const WORKER_ENTRY = `
const { workerData } = require("node:worker_threads");
import("tsx/esm/api").then(({ register }) => {
  register();
  return import(workerData.entry);
});
`;
