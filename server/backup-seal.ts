import { createHmac, timingSafeEqual } from "node:crypto";
import type { Backup } from "../lib/review/backup-format";

// The server puts its auth secret here at start (server/index.ts); a seal is keyed by it.
function instanceSecret(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("The auth secret is not set: start the app through server/index.ts.");
  return secret;
}

function sealOf(checksum: string, secret: string): string {
  return `hmac-sha256:${createHmac("sha256", secret).update(`study-circle group backup\n${checksum}`).digest("hex")}`;
}

/**
 * Marks a backup as made by this instance: an HMAC of its checksum under the instance's secret.
 * Restoring on the web links the file's people to accounts here only when the seal holds, so
 * a hand-made file cannot put words in the mouth of someone on this instance.
 */
export function sealBackup(backup: Backup, secret = instanceSecret()): Backup {
  return { ...backup, seal: sealOf(backup.checksum, secret) };
}

/** Whether a (checked) backup carries this instance's seal. */
export function madeHere(backup: Pick<Backup, "checksum" | "seal">, secret = instanceSecret()): boolean {
  if (!backup.seal) return false;
  const expected = Buffer.from(sealOf(backup.checksum, secret));
  const given = Buffer.from(backup.seal);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
