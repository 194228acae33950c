/**
 * Copies a whole SQLite instance into an empty PostgreSQL database, then its images:
 *   DATA_DIR=./data DATABASE_URL=postgres://… [MEDIA_DIR=/srv/study-circle-media] npm run db:copy-to-postgres
 * The source is DATABASE_FILE, else DATA_DIR/study-circle.sqlite, opened read-only. Stop the
 * app first: what it writes after the copy has read the file is not copied.
 */
import path from "node:path";
import { copyDatabase, preflight, type CopyReport } from "./copy/database";
import { copyMedia } from "./copy/media";
import { CopyProblem } from "./copy/problem";

const dataDir = path.resolve(process.env.DATA_DIR ?? "./data");
const sqliteFile = process.env.DATABASE_FILE ? path.resolve(process.env.DATABASE_FILE) : path.join(dataDir, "study-circle.sqlite");
const postgresUrl = process.env.DATABASE_URL?.trim();
const mediaFrom = path.join(dataDir, "media");
const mediaTo = process.env.MEDIA_DIR ? path.resolve(process.env.MEDIA_DIR) : undefined;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (!postgresUrl) {
    process.stderr.write("Set DATABASE_URL to the empty PostgreSQL database to copy into (postgres://user:password@host:5432/name).\n");
    process.exitCode = 2;
    return;
  }
  say(`Copying ${sqliteFile} into PostgreSQL (${redacted(postgresUrl)}).`);
  await preflight({ sqliteFile, postgresUrl });
  // Images first: named by their content, so harmless to leave behind if the rows then fail.
  await copyImages();
  const report = await copyDatabase({ sqliteFile, postgresUrl, onTable: (table, rows) => say(`  ${table}: ${rows} rows`) });
  printReport(report);
}

async function copyImages(): Promise<void> {
  if (!mediaTo || mediaTo === mediaFrom) {
    say(`Images stay in ${mediaFrom} (set MEDIA_DIR to copy them to the folder every node mounts).`);
    return;
  }
  const media = await copyMedia(mediaFrom, mediaTo);
  say(`Images: ${media.files} files (${media.copied} copied, ${media.alreadyThere} already there, checksums verified) into ${mediaTo}.`);
}

function printReport(report: CopyReport): void {
  const width = Math.max(...report.tables.map((row) => row.table.length), "search_entries".length);
  say("");
  say(`${"table".padEnd(width)}  ${"SQLite".padStart(9)}  ${"PostgreSQL".padStart(10)}`);
  for (const row of report.tables) say(`${row.table.padEnd(width)}  ${String(row.source).padStart(9)}  ${String(row.target).padStart(10)}  ${row.same ? "same" : "DIFFERENT"}`);
  say(`${"search_entries".padEnd(width)}  ${String(report.search.source).padStart(9)}  ${String(report.search.target).padStart(10)}  derived again from the copied rows`);
  say("");
  say(`Every table's rows and content match; ${report.sessions} sessions have the same last sequence number and events 1..last with no gap on both sides.`);
  say(`New events are numbered from id ${report.nextEventId.target}, as SQLite would have.`);
  if (report.search.onlySource > 0 || report.search.onlyTarget > 0) {
    say(
      `Search: ${report.search.onlySource} SQLite entries have no PostgreSQL twin and ${report.search.onlyTarget} PostgreSQL entries no SQLite one. ` +
        "Search entries are derived from the rows (which all match), so PostgreSQL's index is what its triggers make of this data; " +
        "a difference means the two engines' search rules disagree on some item, and that item's search results differ.",
    );
  }
  say(`Done in ${report.seconds.toFixed(1)} s. Start the app with DATABASE_URL set to use PostgreSQL.`);
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "an unreadable URL";
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof CopyProblem) process.stderr.write(`${error.code}: ${error.message}\n`);
  // COPY_DEBUG=1 shows where an unexpected failure came from.
  if (process.env.COPY_DEBUG && error instanceof Error && error.cause instanceof Error) process.stderr.write(`${error.cause.stack}\n`);
  else process.stderr.write(`Copy failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
