import { createHash } from "node:crypto";
import { sniffImageType } from "../lib/article/image-type";
import { BackupProblem } from "../lib/review/backup-format";
import { readStoredImage, storeImage } from "./article-fetch/media-store";

/** Reads a group's stored article images for a backup, as base64 by file name (missing files are skipped). */
export async function collectMedia(groupId: string, files: readonly string[]): Promise<Record<string, string>> {
  const media: Record<string, string> = {};
  for (const file of files) {
    const image = await readStoredImage(groupId, file);
    if (image) media[file] = image.bytes.toString("base64");
  }
  return media;
}

/**
 * Checks, without writing anything, that every image of a backup is a raster image whose bytes
 * give its name (files are named by the SHA-256 of their content), so that writing them after
 * the rows commit can only fail for want of disk.
 */
export function checkMedia(media: Record<string, string>): void {
  for (const [file, base64] of Object.entries(media)) {
    const bytes = Buffer.from(base64, "base64");
    const type = sniffImageType(bytes);
    if (!type || file !== `${createHash("sha256").update(bytes).digest("hex")}.${type.extension}`) {
      throw new BackupProblem(`This backup is damaged: the image ${file} does not match its content.`);
    }
  }
}

/** Writes a backup's images (checked by `checkMedia`) into the group's media folder; answers how many. */
export async function restoreMedia(groupId: string, media: Record<string, string>): Promise<number> {
  checkMedia(media);
  for (const base64 of Object.values(media)) await storeImage(groupId, Buffer.from(base64, "base64"));
  return Object.keys(media).length;
}
