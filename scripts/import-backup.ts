/**
 * Restores a whole-group backup into this instance (typically an empty one):
 *   npm run backup:import -- path/to/backup.json        (DATA_DIR as for `npm start`)
 * It checks the file completely and writes it in one transaction, or changes nothing; images
 * are stored only once that transaction has committed. Backups carry no passwords: every
 * account it has to create gets a single-use reset link instead, printed once.
 */
import { readFileSync } from "node:fs";
import { closeDatabase, migrateDatabase } from "../db/client";
import { createPasswordResetLink } from "../db/password-resets";
import { BackupProblem } from "../lib/review/backup-format";
import { restoreGroupBackup } from "../server/backup-restore";
import { parseConfig } from "../server/config";

/** How long the printed links work: a week, time to hand them over at the next meeting. */
const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const file = process.argv[2];
if (!file) {
  process.stderr.write("Usage: npm run backup:import -- <backup.json>\n");
  process.exit(2);
}

const config = parseConfig(process.env);
if (!config.ok) {
  process.stderr.write(`Invalid configuration:\n${config.problems.map((problem) => `  ${problem}`).join("\n")}\n`);
  process.exit(2);
}

let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (error) {
  process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
  process.exit(1);
}

await migrateDatabase();
try {
  const outcome = await restoreGroupBackup(text, { target: { kind: "as-is" }, issueResetLink: (userId) => createPasswordResetLink(userId, null, LINK_LIFETIME_MS) });
  const lines = [`Restored "${outcome.groupName}": ${outcome.sessions} sessions, ${outcome.events} logged events, ${outcome.images} images.`];
  if (outcome.createdUsers.length > 0) {
    const until = outcome.createdUsers[0]!.resetExpiresAt.toISOString().slice(0, 16).replace("T", " ");
    lines.push(`New accounts have no password yet. Hand each person their own link (it works once, until ${until} UTC); it is not shown again:`);
    const width = Math.max(...outcome.createdUsers.map((user) => user.username.length));
    for (const user of outcome.createdUsers) lines.push(`  ${user.username.padEnd(width)}  ${new URL(user.resetPath, config.config.publicUrl).href}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof BackupProblem ? error.message : `Import failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
