import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * SQLite's WAL checkpoints, off the event loop. By default the connection that commits runs a
 * checkpoint inside its COMMIT whenever the WAL passes 1,000 pages: it copies those pages into
 * the database file and syncs both files, stopping the whole server for milliseconds at a time
 * (the p99 spikes of a busy room). Here a worker thread with a connection of its own runs
 * PASSIVE checkpoints every `intervalMs`: they never take the write lock, so no write waits for
 * them, and a page changed many times between two of them is copied once. When the writer finds
 * the WAL wholly copied as it begins, it starts the WAL over. Under a load that never pauses it
 * may not find that moment: the writer's own checkpoint then runs once the WAL holds
 * `WRITER_CHECKPOINT_FRAMES`, with nearly everything already copied by the worker, and the WAL
 * starts over. Durability is unchanged: a commit is durable once its WAL frames are synced
 * (db/client.ts); a checkpoint syncs the WAL before copying and the database after, as before.
 *
 * Should the worker stop (it cannot open the file, say), the writer checkpoints as SQLite does
 * by default.
 */
export class SqliteCheckpoints {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(
    private readonly writer: Database.Database,
    file: string,
    intervalMs = CHECKPOINT_INTERVAL_MS,
  ) {
    writer.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_FRAMES}`);
    // No flags of the parent (its `--import tsx`, say): the worker is plain CommonJS.
    const workerData = { file, intervalMs, root: process.cwd() };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData });
    // The server's shutdown closes it; until then it keeps nobody alive.
    this.worker.unref();
    this.worker.on("error", () => this.fallBack());
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
  }

  /** Stops the worker (its connection closed) and waits for it. */
  async close(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage("close");
    await this.exited;
  }

  private fallBack(): void {
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }
}

/** Often enough that the WAL stays a few megabytes under a heavy write load, rarely enough that hot pages are copied once for many commits. */
const CHECKPOINT_INTERVAL_MS = 250;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** Past this many frames (32 MB of 4 KB pages) the writer checkpoints the rest itself, and the WAL starts over even while writes keep coming. */
const WRITER_CHECKPOINT_FRAMES = 8192;

/**
 * The worker: its own connection to the file and, each tick, a PASSIVE checkpoint (a no-op when
 * the WAL holds nothing new). `synchronous = NORMAL` makes a checkpoint sync the WAL before
 * copying and the database file after. A busy answer (a checkpoint in another process, or the
 * writer's own) is left for the next tick; after ten seconds of failures the worker stops.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(require.resolve("better-sqlite3", { paths: [workerData.root] }));
const database = new Database(workerData.file, { fileMustExist: true });
database.pragma("busy_timeout = 0");
database.pragma("synchronous = NORMAL");
let failures = 0;
const timer = setInterval(() => {
  try {
    database.pragma("wal_checkpoint(PASSIVE)");
    failures = 0;
  } catch (error) {
    if (++failures >= 40) throw error;
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearInterval(timer);
  database.close();
  parentPort.close();
});
`;
