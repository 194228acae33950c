import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * The whole-group backup file: one JSON document with the group, its members' public
 * profiles, articles with every version, sessions with their full event logs and the
 * current state derived from them, table by table (db/backup.ts lists the tables). Private
 * notes stay out (they belong to their authors alone); so do passwords, e-mail addresses,
 * invite links and facilitators' private notes.
 */
export const BACKUP_FORMAT = "study-circle/group-backup";

/**
 * Bumped when the file's layout changes in a way older readers cannot follow. Version 2: the
 * checksum covers the whole file, header included (version 1's covered tables and images only).
 */
export const BACKUP_FORMAT_VERSION = 2;

/** One table's rows, each a record of column values (dates as milliseconds since the epoch). */
export type BackupRow = Record<string, unknown>;

/** The content of a backup (what the checksum covers): rows by table name, in restore order. */
export const backupDataSchema = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));

/** A backup file. */
export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  schemaVersion: z.number().int().min(0),
  exportedAt: z.string(),
  group: z.strictObject({ id: z.string().min(1), name: z.string() }),
  checksum: z.string(),
  /** An HMAC of the checksum by the instance that made the file: tells that instance its own backups from others' (server/backup-seal.ts). */
  seal: z.string().optional(),
  tables: backupDataSchema,
  /** The article images the group's texts show, by stored file name, as base64. */
  media: z.record(z.string().regex(/^[0-9a-f]{64}\.(?:png|jpg|gif|webp|avif)$/, "must be a stored image name"), z.string()).default({}),
});

/** The content of a backup. */
export type BackupData = z.infer<typeof backupDataSchema>;

/** A whole backup file. */
export type Backup = z.infer<typeof backupSchema>;

/**
 * The checksum of a whole backup file: SHA-256 of its JSON without the checksum and seal
 * themselves, so an edit anywhere — header, tables or images — is caught. Keys are hashed in the
 * order the file has them, which is the order `JSON.parse` gives back.
 */
export function backupChecksum(file: Record<string, unknown>): string {
  const { checksum: _checksum, seal: _seal, ...covered } = file;
  return `sha256:${createHash("sha256").update(JSON.stringify(covered)).digest("hex")}`;
}

/** Version 1's checksum, still read: tables and images only, the header left out. */
function contentChecksum(data: BackupData, media: Record<string, string> = {}): string {
  const hash = createHash("sha256").update(JSON.stringify(data));
  if (Object.keys(media).length > 0) hash.update(JSON.stringify(media));
  return `sha256:${hash.digest("hex")}`;
}

/** A backup whose checksum is computed for exactly what it holds (any seal dropped: it sealed the old checksum). */
export function sealedContent(backup: Omit<Backup, "checksum" | "seal">): Backup {
  const { format, formatVersion, schemaVersion, exportedAt, group, tables, media } = backup;
  const file = { format, formatVersion, schemaVersion, exportedAt, group, checksum: "", tables, media };
  return { ...file, checksum: backupChecksum(file) };
}

/** A backup with the group's article images added (base64 by stored file name), its checksum updated. */
export function withMedia(backup: Backup, media: Record<string, string>): Backup {
  return sealedContent({ ...backup, media });
}

/** What kind of problem a backup has, for a page to say in the reader's language. */
export type BackupProblemKind = "notJson" | "notBackup" | "newer" | "damaged" | "tampered" | "inconsistent" | "conflict" | "failed";

/** Why a backup cannot be imported, in words for the person importing it (and as a kind, for translated pages). */
export class BackupProblem extends Error {
  constructor(
    message: string,
    readonly kind: BackupProblemKind = "damaged",
  ) {
    super(message);
    this.name = "BackupProblem";
  }
}

/**
 * Reads a backup file's text and checks it before anything is written: valid JSON, a Study
 * Circle group backup, a format and schema this instance understands, and untouched
 * content. Throws a BackupProblem that says what is wrong.
 */
export function parseBackup(text: string, currentSchemaVersion: number): Backup {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupProblem("This file is not a Study Circle backup: it is not valid JSON (it may be truncated or corrupt).", "notJson");
  }
  const envelope = z.looseObject({ format: z.string(), formatVersion: z.number(), schemaVersion: z.number() }).safeParse(json);
  if (!envelope.success || envelope.data.format !== BACKUP_FORMAT) throw new BackupProblem("This file is not a Study Circle group backup.", "notBackup");
  if (envelope.data.formatVersion > BACKUP_FORMAT_VERSION || envelope.data.schemaVersion > currentSchemaVersion) {
    throw new BackupProblem(
      `This backup was made by a newer version of Study Circle (database schema ${envelope.data.schemaVersion}, file format ${envelope.data.formatVersion}); this instance has schema ${currentSchemaVersion} and reads format ${BACKUP_FORMAT_VERSION}. Update this instance, then import again.`,
      "newer",
    );
  }
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupProblem(`This backup is damaged or was edited by hand: ${issue ? `${issue.path.join(".") || "file"} — ${issue.message}` : "unreadable content"}.`);
  }
  // The checksum covers the file exactly as written (zod's output reorders keys).
  const raw = json as Backup;
  const expected = raw.formatVersion >= 2 ? backupChecksum(raw) : contentChecksum(raw.tables, raw.media);
  if (expected !== parsed.data.checksum) {
    throw new BackupProblem(
      "This backup was changed after it was made (its checksum does not match its content), so it cannot be trusted. Use the file exactly as it was downloaded.",
      "tampered",
    );
  }
  // Version 1 left the header outside its checksum: trust only the group row inside it.
  if (raw.formatVersion < 2) {
    const row = raw.tables.groups?.[0];
    if (typeof row?.id !== "string" || typeof row.name !== "string") throw new BackupProblem("This backup is damaged or was edited by hand: it names no group.");
    raw.group = { id: row.id, name: row.name };
  }
  // Validated: hand back the file's own objects, so stored JSON (blocks, payloads) keeps its exact form.
  return raw;
}
