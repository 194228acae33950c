/**
 * Restores a whole-group backup into this instance (typically an empty one):
 *   npm run backup:import -- path/to/backup.json        (DATA_DIR as for `npm start`)
 * It checks the file completely and writes it in one transaction, or changes nothing. Backups
 * carry no passwords: every account it has to create gets a temporary password, printed once.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { importGroupBackup, schemaVersion } from "../db/backup";
import { closeDatabase, migrateDatabase } from "../db/client";
import { BackupProblem, parseBackup } from "../lib/review/backup-format";
import { restoreMedia } from "../server/backup-media";
import { hashPassword } from "../server/accounts/password";

const file = process.argv[2];
if (!file) {
  process.stderr.write("Usage: npm run backup:import -- <backup.json>\n");
  process.exit(2);
}

let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (error) {
  process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
  process.exit(1);
}

// Hash one temporary password per account in the file before the (synchronous) import runs.
const temporary = new Map<string, { password: string; hash: string }>();
try {
  const users = (JSON.parse(text) as { data?: { users?: { id?: unknown }[] } }).data?.users ?? [];
  for (const user of users) {
    if (typeof user.id !== "string") continue;
    const password = randomBytes(12).toString("base64url");
    temporary.set(user.id, { password, hash: await hashPassword(password) });
  }
} catch {
  // Not JSON: the import below refuses it with a clear message.
}

await migrateDatabase();
try {
  // Images first (named by their content, harmless if the rows are then refused), then every row in one transaction.
  const backup = parseBackup(text, await schemaVersion());
  const images = await restoreMedia(backup.group.id, backup.media);
  const outcome = await importGroupBackup(text, (user) => temporary.get(user.id)?.hash ?? "!");
  const lines = [`Restored "${outcome.groupName}": ${outcome.sessions} sessions, ${outcome.events} logged events, ${images} images.`];
  if (outcome.createdUsers.length > 0) {
    lines.push("New accounts and their temporary passwords (hand each one to its owner; they are not shown again):");
    for (const user of outcome.createdUsers) lines.push(`  ${user.username}  ${temporary.get(user.id)?.password ?? "(none)"}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof BackupProblem ? error.message : `Import failed: ${(error as Error).message}`}\n`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
