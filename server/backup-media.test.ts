import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { storeImage } from "./article-fetch/media-store";
import { collectMedia, restoreMedia } from "./backup-media";

// The smallest valid PNG (1×1 pixel).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const groupId = "0b5f8a2e-6a43-4a4f-9d7e-3f1c2b9e8a10";
const folders: string[] = [];

function useDataDir(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "sc-media-"));
  folders.push(folder);
  process.env.DATA_DIR = folder;
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("backup images", () => {
  it("collects a group's stored images and restores them byte for byte on another instance", async () => {
    useDataDir();
    const src = (await storeImage(groupId, png))!;
    const file = src.split("/").at(-1)!;
    const media = await collectMedia(groupId, [file, `${"0".repeat(64)}.png`]);
    expect(Object.keys(media)).toEqual([file]);
    const restored = useDataDir();
    expect(await restoreMedia(groupId, media)).toBe(1);
    expect(readFileSync(path.join(restored, "media", groupId, file))).toEqual(png);
  });

  it("refuses an image whose bytes do not give its name", async () => {
    useDataDir();
    await expect(restoreMedia(groupId, { [`${"a".repeat(64)}.png`]: png.toString("base64") })).rejects.toThrow(/does not match its content/);
  });
});
