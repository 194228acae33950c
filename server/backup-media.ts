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
 * Writes a backup's images into the group's media folder before its rows are restored.
 * Files are named by their content, so writing one twice is harmless; an image whose bytes
 * do not give its name is refused.
 */
export async function restoreMedia(groupId: string, media: Record<string, string>): Promise<number> {
  for (const [file, base64] of Object.entries(media)) {
    const stored = await storeImage(groupId, Buffer.from(base64, "base64"));
    if (!stored?.endsWith(`/${file}`)) throw new BackupProblem(`This backup is damaged: the image ${file} does not match its content.`);
  }
  return Object.keys(media).length;
}
