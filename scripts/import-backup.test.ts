import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle } from "../db/articles";
import { exportGroupBackup, referencedMedia } from "../db/backup";
import { openFreshTestDatabase } from "../db/client";
import { addMember, createGroup } from "../db/groups";
import { createUser } from "../db/users";
import { withMedia } from "../lib/review/backup-format";
import { storeImage } from "../server/article-fetch/media-store";
import { collectMedia } from "../server/backup-media";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
// The smallest valid PNG (1×1 pixel).
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
let folder: string;
let withImage: { file: string; groupId: string };
let otherAna: string;

/** `npm run backup:import` in a fresh process, on its own DATA_DIR. */
async function importBackup(dataDir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent", DATA_DIR: dataDir, PUBLIC_URL: "https://circle.example.org" };
  for (const name of ["DATABASE_URL", "MEDIA_DIR"]) delete env[name];
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/import-backup.ts", file], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** Every file under a folder, but the database's own files (which a refused import may still open). */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith("study-circle.sqlite"))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "sc-import-"));
  process.env.DATA_DIR = path.join(folder, "source");
  // A group with an image, and its members.
  await openFreshTestDatabase();
  const ana = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
  const ben = await createUser({ username: "ben", displayName: "Ben", passwordHash: "x" });
  const groupId = (await createGroup({ name: "Readers", description: "", ownerId: ana.id })).id;
  await addMember(groupId, ben.id, "member", ana.id);
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
    createdBy: ana.id,
  });
  const tables = await exportGroupBackup(groupId);
  withImage = { file: path.join(folder, "readers.json"), groupId };
  writeFileSync(withImage.file, JSON.stringify(withMedia(tables, await collectMedia(groupId, referencedMedia(tables)))));
  // Another instance's group whose owner is also called "ana" (another person).
  await openFreshTestDatabase();
  const otherOwner = await createUser({ username: "ana", displayName: "Another Ana", passwordHash: "x" });
  const other = (await createGroup({ name: "Others", description: "", ownerId: otherOwner.id })).id;
  otherAna = path.join(folder, "others.json");
  writeFileSync(otherAna, JSON.stringify(await exportGroupBackup(other)));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("npm run backup:import", () => {
  it("prints a single-use reset link for every account it creates, and stores the images", async () => {
    const dataDir = path.join(folder, "fresh");
    const result = await importBackup(dataDir, withImage.file);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Restored "Readers": 0 sessions, 0 logged events, 1 images.');
    expect(result.stdout).not.toContain("(none)");
    for (const name of ["ana", "ben"]) expect(result.stdout).toMatch(new RegExp(`^  ${name}  https://circle\\.example\\.org/reset/[A-Za-z0-9_-]{32}$`, "m"));
    expect(files(dataDir).filter((file) => file.startsWith("media"))).toHaveLength(1);
  }, 60_000);

  it("leaves the data folder unchanged when it refuses a file", async () => {
    const dataDir = path.join(folder, "taken");
    expect((await importBackup(dataDir, otherAna)).code).toBe(0);
    const before = files(dataDir);
    const refused = await importBackup(dataDir, withImage.file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The username "ana" belongs to a different account');
    expect(files(dataDir)).toEqual(before);
    expect(existsSync(path.join(dataDir, "media", withImage.groupId))).toBe(false);
  }, 60_000);
});
