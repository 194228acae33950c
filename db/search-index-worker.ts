import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { deletePendingStatement, pendingBatchQuery, pendingItems, searchIndexStatements, type PendingRow } from "./search-index-sql";

/**
 * The search indexer's worker thread on SQLite (started by db/search-index.ts): a connection of
 * its own to the database file, running one batch of the indexer per request, each in its own
 * transaction. The server lends it the writer's turn for each batch (`lendSqliteWriter`), so it
 * never waits for the lock nor makes the server's writes wait for it beyond the batch.
 *
 * Requests: `{ batchSize }` answered `{ count }` (noted changes handled) or `{ error }`;
 * `"close"` closes the connection and ends the thread.
 */
const { file } = workerData as { file: string };
const sqlite = new Database(file, { fileMustExist: true });
// Another process holding the lock (a backup import) is waited for here, off the server's thread.
sqlite.pragma("busy_timeout = 5000");
// A commit of the index need not be synced at once: the server's next synced commit covers it,
// and a batch lost to a power cut leaves its notes, to be indexed again at the next start.
sqlite.pragma("synchronous = NORMAL");
// Checkpoints are the checkpoint worker's (db/sqlite-checkpoints.ts), not this connection's.
sqlite.pragma("wal_autocheckpoint = 0");
const database = drizzle(sqlite);

const indexBatch = sqlite.transaction((batchSize: number): number => {
  const rows = database.all<PendingRow>(pendingBatchQuery(batchSize));
  if (rows.length === 0) return 0;
  for (const statement of searchIndexStatements("sqlite", pendingItems(rows))) database.run(statement);
  database.run(deletePendingStatement(rows.map((row) => Number(row.id))));
  return rows.length;
});

const port = parentPort!;
port.on("message", (message: { batchSize: number } | "close") => {
  if (message === "close") {
    sqlite.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ count: indexBatch.immediate(message.batchSize) });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
port.postMessage("ready");
