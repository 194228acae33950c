import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { CopyProblem } from "./problem";

/**
 * Uploaded and imported images (DATA_DIR/media/<group>/<sha256>.<ext>) copied into a media
 * folder every node mounts (MEDIA_DIR). Kept apart from the rows on purpose: where several
 * nodes keep media is still being decided, and this is the one piece to swap if it moves into
 * PostgreSQL. Files are named by their content, so copying again is harmless: a file already
 * there with the same checksum is left alone.
 */
export type MediaReport = { files: number; copied: number; alreadyThere: number; bytes: number };

export async function copyMedia(from: string, to: string): Promise<MediaReport> {
  const report: MediaReport = { files: 0, copied: 0, alreadyThere: 0, bytes: 0 };
  for (const relative of await listFiles(from)) {
    const source = path.join(from, relative);
    const target = path.join(to, relative);
    const expected = await checksum(source);
    report.files++;
    report.bytes += expected.bytes;
    const existing = await checksum(target).catch(() => undefined);
    if (existing?.sha256 === expected.sha256) {
      report.alreadyThere++;
      continue;
    }
    if (existing) throw new CopyProblem("MEDIA_CONFLICT", `${target} already exists with different content; move it away, then copy again.`);
    await copyVerified(source, target, expected.sha256);
    report.copied++;
  }
  return report;
}

/** Copies under a temporary name and renames only once the checksum matches, so a crash leaves no half-written image. */
async function copyVerified(source: string, target: string, sha256: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${randomBytes(4).toString("hex")}`;
  try {
    await copyFile(source, partial);
    const written = await checksum(partial);
    if (written.sha256 !== sha256) throw new CopyProblem("MEDIA_VERIFY_FAILED", `The copy of ${source} does not match the original (checksum differs).`);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Every file under a folder, as paths relative to it; none when the folder does not exist (no images yet). */
async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.includes(".partial-"))
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

function checksum(file: string): Promise<{ sha256: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    let bytes = 0;
    createReadStream(file)
      .on("data", (chunk: string | Buffer) => {
        hash.update(chunk);
        bytes += Buffer.byteLength(chunk);
      })
      .on("error", reject)
      .on("end", () => resolve({ sha256: hash.digest("hex"), bytes }));
  });
}
