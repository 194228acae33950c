import path from "node:path";
import { Worker } from "node:worker_threads";
import { importFailure, type ImportFailureReason } from "../../lib/article/import-failure";
import { importLimits } from "../../lib/article/limits";
import type { PdfDocumentText } from "../../lib/article/pdf-layout";

/** What the extraction worker gives back for each kind of document. */
export type Extracted = {
  pdf: PdfDocumentText;
  docx: { html: string };
  epub: { files: Record<string, Uint8Array> };
};

type WorkerAnswer = { ok: true; value: unknown } | { ok: false; reason: string; details?: Record<string, string | number> };

/** The bounds of one extraction; tests and the bench may tighten or loosen them. */
export type ExtractLimits = { timeoutMs: number; maxPages: number; memoryMb: number };

export const defaultExtractLimits: ExtractLimits = { timeoutMs: importLimits.documentMs, maxPages: importLimits.pdfPages, memoryMb: importLimits.documentMemoryMb };

// The worker is plain JavaScript started by path, so the app's bundler never sees it.
const WORKER = path.join(/*turbopackIgnore: true*/ process.cwd(), "server/article-files/extract-worker.mjs");

// At most two documents are taken apart at once; the rest wait their turn.
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

const messages: Record<string, string> = {
  encrypted: "The PDF is protected by a password.",
  malformed: "The file is damaged or is not the kind of document its name says.",
  tooManyPages: "The PDF has more pages than the limit.",
  tooLargeUnpacked: "The document unpacks to more than the limit.",
};

/**
 * Takes a document apart in a worker thread with a memory limit and a deadline, and returns
 * what it holds as plain data. A file that stalls it is stopped at the deadline; one that
 * exhausts its memory ends the worker only. Failures are import failures with a reason.
 */
export async function extractDocument<K extends keyof Extracted>(kind: K, bytes: Uint8Array, limits: ExtractLimits = defaultExtractLimits): Promise<Extracted[K]> {
  const release = await slot();
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const copy = new Uint8Array(bytes);
      const worker = new Worker(WORKER, {
        workerData: { kind, bytes: copy, maxPages: limits.maxPages, maxUnzippedBytes: importLimits.unpackedBytes, maxEntries: 5000 },
        transferList: [copy.buffer],
        // Plain Node: none of the parent's loaders (tsx) to run every module through.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
        stdout: true,
        stderr: true,
      });
      worker.stdout.resume();
      worker.stderr.resume();
      let settled = false;
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
        void worker.terminate();
      };
      const timer = setTimeout(
        () => finish(() => reject(importFailure("documentTimeout", "The document took too long to read.", { seconds: Math.round(limits.timeoutMs / 1000) }))),
        limits.timeoutMs,
      );
      worker.once("message", (message: WorkerAnswer) => finish(() => resolve(message)));
      worker.once("error", (error: NodeJS.ErrnoException) =>
        finish(() =>
          reject(
            error.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? importFailure("documentTooComplex", "The document needs more memory to read than the server allows.")
              : importFailure("malformed", "The file is damaged or is not the kind of document its name says."),
          ),
        ),
      );
      worker.once("exit", () => finish(() => reject(importFailure("malformed", "The file is damaged or is not the kind of document its name says."))));
    });
    if (!answer.ok) throw importFailure(answer.reason as ImportFailureReason, messages[answer.reason] ?? "The document could not be read.", answer.details ?? {});
    return answer.value as Extracted[K];
  } finally {
    release();
  }
}
