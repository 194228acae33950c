import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { mimeForStoredFile, sniffImageType } from "../../lib/article/image-type";

const GROUP_ID = /^[0-9a-f-]{36}$/;
const MEDIA_FILE = /^[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif)$/;

// Images are stored once per group, named by the SHA-256 of their bytes, under MEDIA_DIR/<group>/
// (DATA_DIR/media by default; with several nodes, a directory they all mount).
function mediaFolder(groupId: string): string {
  if (!GROUP_ID.test(groupId)) throw new Error("invalid group id");
  const root = process.env.MEDIA_DIR ?? path.join(process.env.DATA_DIR ?? "./data", "media");
  return path.join(path.resolve(/*turbopackIgnore: true*/ root), groupId);
}

/** The address under which the app serves a group's stored image. */
export function mediaSrc(groupId: string, file: string): string {
  return `/groups/${groupId}/media/${file}`;
}

/** Whether an image address points at an image this group has stored (the only kind a reader loads). */
export function isGroupMediaSrc(groupId: string, src: string): boolean {
  const prefix = `/groups/${groupId}/media/`;
  return src.startsWith(prefix) && MEDIA_FILE.test(src.slice(prefix.length));
}

/** Stores an image's bytes for a group if they really are a raster image; returns its address. */
export async function storeImage(groupId: string, bytes: Uint8Array): Promise<string | undefined> {
  const type = sniffImageType(bytes);
  if (!type) return undefined;
  const file = `${createHash("sha256").update(bytes).digest("hex")}.${type.extension}`;
  const folder = mediaFolder(groupId);
  await mkdir(folder, { recursive: true });
  const target = path.join(folder, file);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) return mediaSrc(groupId, file);
  // Written aside and renamed into place: a node reading the shared directory never sees half a
  // file, and two nodes storing the same image at once both end with the same complete bytes.
  const partial = `${target}.${randomBytes(6).toString("hex")}.partial`;
  await writeFile(partial, bytes, { mode: 0o640 });
  await rename(partial, target);
  return mediaSrc(groupId, file);
}

/** Reads a stored image of a group, or undefined for a name that is not one. */
export async function readStoredImage(groupId: string, file: string): Promise<{ bytes: Buffer; mime: string } | undefined> {
  const mime = mimeForStoredFile(file);
  if (!GROUP_ID.test(groupId) || !MEDIA_FILE.test(file) || !mime) return undefined;
  try {
    return { bytes: await readFile(path.join(mediaFolder(groupId), file)), mime };
  } catch {
    return undefined;
  }
}
