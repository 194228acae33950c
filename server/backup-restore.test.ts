import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportGroupBackup, referencedMedia, type ImportOptions } from "../db/backup";
import { createArticle } from "../db/articles";
import { db, openFreshTestDatabase } from "../db/client";
import { createGroup } from "../db/groups";
import { groups } from "../db/schema";
import { createUser } from "../db/users";
import { withMedia } from "../lib/review/backup-format";
import { storeImage } from "./article-fetch/media-store";
import { collectMedia } from "./backup-media";
import { restoreGroupBackup } from "./backup-restore";

// The smallest valid PNG (1×1 pixel).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const asIs: ImportOptions = { target: { kind: "as-is" }, issueResetLink: async (userId) => ({ path: `/reset/${userId}`, expiresAt: new Date() }) };
let dataDir: string;

/** Every file under a folder, with its size: what "the data folder is unchanged" compares. */
function listing(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** A backup of a group whose article shows one stored image. */
async function backupWithImage(): Promise<{ text: string; groupId: string; file: string }> {
  const owner = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
  const groupId = (await createGroup({ name: "Readers", description: "", ownerId: owner.id })).id;
  const src = (await storeImage(groupId, png))!;
  await createArticle({
    groupId,
    title: "With a picture",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks: [
      { id: "p1", type: "paragraph", text: "Words." },
      { id: "i1", type: "image", text: "", image: { src, alt: "A dot" } },
    ],
    createdBy: owner.id,
  });
  const tables = await exportGroupBackup(groupId);
  const backup = withMedia(tables, await collectMedia(groupId, referencedMedia(tables)));
  return { text: JSON.stringify(backup), groupId, file: src.split("/").at(-1)! };
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sc-restore-"));
  process.env.DATA_DIR = dataDir;
});

afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe("restoring a backup with images", () => {
  it("writes the images only once the rows have committed", async () => {
    await openFreshTestDatabase();
    const { text, groupId, file } = await backupWithImage();
    rmSync(path.join(dataDir, "media"), { recursive: true, force: true });
    await openFreshTestDatabase();
    const outcome = await restoreGroupBackup(text, asIs);
    expect(outcome).toMatchObject({ groupId, images: 1 });
    expect(readFileSync(path.join(dataDir, "media", groupId, file))).toEqual(png);
  });

  it("leaves the data folder unchanged when the file is refused while writing", async () => {
    await openFreshTestDatabase();
    const { text } = await backupWithImage();
    rmSync(path.join(dataDir, "media"), { recursive: true, force: true });
    await openFreshTestDatabase();
    // Another account already has the owner's username: the rows are refused inside the transaction.
    await createUser({ username: "ana", displayName: "Another Ana", passwordHash: "y" });
    const before = listing(dataDir);
    await expect(restoreGroupBackup(text, asIs)).rejects.toThrow(/username "ana" belongs to a different account/);
    expect(listing(dataDir)).toEqual(before);
    expect(await db().select().from(groups)).toEqual([]);
  });

  it("refuses an image whose bytes do not give its name before writing anything", async () => {
    await openFreshTestDatabase();
    const { text, file } = await backupWithImage();
    rmSync(path.join(dataDir, "media"), { recursive: true, force: true });
    await openFreshTestDatabase();
    const backup = JSON.parse(text);
    const swapped = withMedia(backup, { [file]: Buffer.from("GIF89a not really").toString("base64") });
    await expect(restoreGroupBackup(JSON.stringify(swapped), asIs)).rejects.toThrow(/does not match its content/);
    expect(listing(dataDir)).toEqual([]);
    expect(await db().select().from(groups)).toEqual([]);
  });
});
