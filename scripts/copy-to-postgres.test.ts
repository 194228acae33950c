import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupChecksum, type Backup } from "../lib/review/backup-format";
import { appTables } from "./copy/tables";
import { startPostgres, type PostgresService } from "./services/postgres";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const minutes = 60_000;

let postgres: PostgresService;
let folder: string;
let dataDir: string;
let mediaDir: string;
let sqliteFile: string;
let copySeconds: number;

/** Runs a script of ours in a fresh process (the db layer picks its engine once per process). */
async function script(file: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", file, ...args], {
      cwd: root,
      env: childEnv(env),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** This process's environment without its own database settings (a developer's shell may set them), plus ours. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: "UTC", LOG_LEVEL: "silent" };
  for (const name of ["DATABASE_URL", "DATABASE_FILE", "DATA_DIR", "MEDIA_DIR", "COPY_DEBUG"]) delete env[name];
  return { ...env, ...extra };
}

const copy = (url: string) => script("scripts/copy-to-postgres.ts", { DATA_DIR: dataDir, DATABASE_URL: url, MEDIA_DIR: mediaDir });

async function views(env: Record<string, string>, name: string): Promise<Record<string, unknown>> {
  const file = path.join(folder, `${name}.json`);
  const result = await script("scripts/copy/test-views.ts", { DATA_DIR: dataDir, ...env }, [file]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

/** Rows per app table, read through a connection of the test's own. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of appTables) {
      const exists = await client.query<{ found: string | null }>("SELECT to_regclass($1) AS found", [`public.${table}`]);
      counts[table] = exists.rows[0]!.found ? (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n : 0;
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function onTarget(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The SQLite file and its write-ahead log, byte for byte: the copy must not change them. (The
 * -shm file is left out: it is an index every reader updates, read-only ones included.)
 */
function sourceFingerprint(): string {
  const hash = createHash("sha256").update(readFileSync(sqliteFile));
  const wal = `${sqliteFile}-wal`;
  if (existsSync(wal)) hash.update(readFileSync(wal));
  return hash.digest("hex");
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), "study-circle-copy-"));
  dataDir = path.join(folder, "data");
  mediaDir = path.join(folder, "shared-media");
  sqliteFile = path.join(dataDir, "study-circle.sqlite");
  const [service, instance] = await Promise.all([startPostgres(), script("scripts/copy/test-instance.ts", { DATA_DIR: dataDir, DATABASE_FILE: sqliteFile })]);
  postgres = service;
  expect(instance.stderr).toBe("");
}, 5 * minutes);

afterAll(async () => {
  await postgres?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
}, minutes);

describe("npm run db:copy-to-postgres", () => {
  it(
    "copies the demo data and a 10,000-event group: the same pages, search results and exports before and after",
    async () => {
      const before = await views({ DATABASE_FILE: sqliteFile }, "sqlite");
      const untouched = sourceFingerprint();

      const started = performance.now();
      const result = await copy(postgres.url);
      copySeconds = (performance.now() - started) / 1000;
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/session_events\s+10044\s+10044\s+same/);
      expect(result.stdout).toContain("Images: 1 files (1 copied");
      expect(sourceFingerprint()).toBe(untouched);
      process.stdout.write(`copy of the 10,000-event instance: ${copySeconds.toFixed(1)} s\n${result.stdout}`);

      const after = await views({ DATABASE_URL: postgres.url }, "postgres");
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      expect(Object.keys(before).filter((key) => key.startsWith("review ")).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(before)) {
        // The engines rank matches differently (bm25, ts_rank): the same hits, in an order of each engine's own.
        if (key.startsWith("search ")) expect(sortedHits(after[key]), key).toEqual(sortedHits(value));
        else if (key.startsWith("backup ")) expectSameBackup(after[key] as Backup, value as Backup);
        else expect(after[key], key).toEqual(value);
      }
      expect(Object.entries(before).filter(([key, hits]) => key.startsWith("search ") && (hits as unknown[]).length > 0).length).toBeGreaterThan(10);
    },
    10 * minutes,
  );

  it(
    "refuses a target that is not empty and leaves it unchanged",
    async () => {
      const counts = await rowCounts(postgres.url);
      expect(counts.session_events).toBe(10044);
      const result = await copy(postgres.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^TARGET_NOT_EMPTY: The PostgreSQL database is not empty: users, groups, .* already hold rows/);
      expect(await rowCounts(postgres.url)).toEqual(counts);
    },
    2 * minutes,
  );

  it(
    "leaves nothing behind when it fails midway, and runs again",
    async () => {
      const url = await postgres.createDatabase("half_copied");
      // The last table fails on insert: everything before it was written, then must be rolled back.
      await onTarget(url, async (client) => {
        await migrate(drizzle(client), { migrationsFolder: path.join(root, "db/migrations-pg") });
        await client.query("CREATE FUNCTION fail_copy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$");
        await client.query("CREATE TRIGGER fail_copy BEFORE INSERT ON session_attendance FOR EACH ROW EXECUTE FUNCTION fail_copy()");
      });
      const failed = await copy(url);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^COPY_FAILED: Copying session_attendance failed \(disk full \(simulated\)\); the copy was rolled back/);
      expect(Object.values(await rowCounts(url)).every((count) => count === 0)).toBe(true);

      await onTarget(url, (client) => client.query("DROP TRIGGER fail_copy ON session_attendance"));
      const again = await copy(url);
      expect(again.stderr).toBe("");
      expect(again.stdout).toContain("Images: 1 files (0 copied, 1 already there");
      expect(await rowCounts(url)).toEqual(await rowCounts(postgres.url));
    },
    3 * minutes,
  );
});

/**
 * The same backup, compared value by value, and each file's checksum holding for its own content.
 */
function expectSameBackup(after: Backup, before: Backup): void {
  expect(after.checksum).toBe(backupChecksum(after));
  expect({ ...after, checksum: "" }).toEqual({ ...before, checksum: "" });
}

function sortedHits(hits: unknown): unknown[] {
  const key = (hit: unknown) => `${(hit as { source: string }).source}:${(hit as { sourceId: string }).sourceId}`;
  return [...(hits as unknown[])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
