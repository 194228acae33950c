import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const exitTasks = new Set<() => void>();
/** study-circle-<service>-<pid of the test process>-<random>: the pid tells whether its owner still runs. */
const TEMP_DIR_NAME = /^study-circle-[a-z]+-(\d+)-/;
let orphansRemoved = false;

// The only moment left to stop services when a test run ends without calling stop(): a failed
// beforeAll, a thrown error, process.exit(). Only synchronous work runs here, newest first so
// that a service is killed before its directory goes.
process.on("exit", () => {
  for (const task of [...exitTasks].reverse()) runIgnoringErrors(task);
});

/** Runs `task` when this process exits; the returned function withdraws it (after a clean stop). */
export function atExit(task: () => void): () => void {
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}

export type TempDir = {
  path: string;
  /** Deletes the directory and everything in it. */
  remove: () => void;
};

/**
 * A fresh directory under the system's temporary directory for one service, deleted at exit if
 * nobody removed it before. `owner` hands it to the user a service runs as; `mode` opens it to others.
 */
export function makeTempDir(service: string, options: { owner?: { uid: number; gid: number }; mode?: number } = {}): TempDir {
  removeOrphanedTempDirs();
  const directory = mkdtempSync(path.join(tmpdir(), `study-circle-${service}-${process.pid}-`));
  if (options.owner) chownSync(directory, options.owner.uid, options.owner.gid);
  if (options.mode !== undefined) chmodSync(directory, options.mode);
  const remove = () => rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
  const withdraw = atExit(remove);
  return {
    path: directory,
    remove: () => {
      withdraw();
      remove();
    },
  };
}

/**
 * A test process killed outright (Ctrl-C reaches vitest's workers as a signal, and no exit
 * handler runs) leaves its directories behind, a PostgreSQL cluster being some 40 MB: the
 * next run removes those whose process is gone. Its services are gone too (see child.ts).
 */
function removeOrphanedTempDirs(): void {
  if (orphansRemoved) return;
  orphansRemoved = true;
  for (const entry of readdirSync(tmpdir())) {
    const owner = TEMP_DIR_NAME.exec(entry)?.[1];
    if (owner && !processRuns(Number(owner))) rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function runIgnoringErrors(task: () => void): void {
  try {
    task();
  } catch {
    // The process is exiting: one failed clean-up must not stop the others.
  }
}
