import { createHash } from "node:crypto";
import { z } from "zod";
import { roles } from "../roles";
import { sessionStatuses } from "../session-status";

/**
 * The whole-group backup file: one JSON document with the group, its members' public
 * profiles, articles with every version, sessions with their full shared event logs and
 * the current state derived from them. Private notes stay out (they belong to their
 * authors alone); so do passwords, e-mail addresses and invite links.
 */
export const BACKUP_FORMAT = "study-circle/group-backup";

/** Bumped when the file's layout changes in a way older readers cannot follow. */
export const BACKUP_FORMAT_VERSION = 1;

const id = z.string().min(1).max(200);
const ms = z.number().int();
const nullableMs = ms.nullable();

const userRow = z.strictObject({ id, username: z.string().min(1).max(100), displayName: z.string().min(1).max(200), locale: z.enum(["en", "es"]).nullable(), createdAt: ms });
const groupRow = z.strictObject({ id, name: z.string().min(1), description: z.string(), createdBy: id.nullable(), createdAt: ms });
const membershipRow = z.strictObject({ userId: id, role: z.enum(roles), joinedAt: ms });
const articleRow = z.strictObject({
  id,
  title: z.string(),
  author: z.string(),
  sourceName: z.string(),
  sourceUrl: z.string(),
  publishedOn: z.string(),
  language: z.string(),
  createdBy: id.nullable(),
  createdAt: ms,
});
const blockSchema = z.looseObject({ id, type: z.string(), text: z.string() });
const articleVersionRow = z.strictObject({ id, articleId: id, version: z.number().int().min(1), blocks: z.array(blockSchema), wordCount: z.number().int().min(0), createdBy: id.nullable(), createdAt: ms });
const sessionRow = z.strictObject({
  id,
  articleId: id,
  articleVersionId: id,
  title: z.string(),
  scheduledAt: ms,
  status: z.enum(sessionStatuses),
  startedAt: nullableMs,
  endedAt: nullableMs,
  lastSeq: z.number().int().min(0),
  createdBy: id.nullable(),
  createdAt: ms,
});
const eventRow = z.strictObject({ sessionId: id, seq: z.number().int().min(1), clientOpId: z.string().min(1), actorId: id.nullable(), type: z.string().min(1), payload: z.unknown(), opDigest: z.string(), createdAt: ms });
const annotationRow = z.strictObject({
  id,
  sessionId: id,
  authorId: id,
  kind: z.string(),
  visibility: z.literal("shared"),
  startOffset: z.number().int().min(0),
  endOffset: z.number().int().min(0),
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  body: z.string(),
  bodyHtml: z.string(),
  beforeMeeting: z.boolean(),
  createdAt: ms,
  editedAt: nullableMs,
  hiddenAt: nullableMs,
  deletedAt: nullableMs,
  seq: z.number().int().min(0),
});
const replyRow = z.strictObject({
  id,
  annotationId: id,
  sessionId: id,
  authorId: id,
  body: z.string(),
  bodyHtml: z.string(),
  createdAt: ms,
  editedAt: nullableMs,
  hiddenAt: nullableMs,
  deletedAt: nullableMs,
  seq: z.number().int().min(0),
});
const attendanceRow = z.strictObject({ sessionId: id, userId: id, firstSeenAt: ms, lastSeenAt: ms });

/** The content of a backup (what the checksum covers). */
export const backupDataSchema = z.strictObject({
  group: groupRow,
  users: z.array(userRow),
  memberships: z.array(membershipRow),
  articles: z.array(articleRow),
  articleVersions: z.array(articleVersionRow),
  sessions: z.array(sessionRow),
  events: z.array(eventRow),
  annotations: z.array(annotationRow),
  replies: z.array(replyRow),
  attendance: z.array(attendanceRow),
  /** Rows of tables added after format version 1 (issue 5's messages, questions, …), by table. */
  extra: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

/** A backup file. */
export const backupSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  schemaVersion: z.number().int().min(0),
  exportedAt: z.string(),
  checksum: z.string(),
  data: backupDataSchema,
});

/** The content of a backup. */
export type BackupData = z.infer<typeof backupDataSchema>;

/** A whole backup file. */
export type Backup = z.infer<typeof backupSchema>;

/** The checksum of a backup's content: SHA-256 of its JSON, so any edit to the content is caught. */
export function backupChecksum(data: BackupData): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(data)).digest("hex")}`;
}

/** Why a backup cannot be imported, in words for the person importing it. */
export class BackupProblem extends Error {
  constructor(message: string) {
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
    throw new BackupProblem("This file is not a Study Circle backup: it is not valid JSON (it may be truncated or corrupt).");
  }
  const envelope = z.looseObject({ format: z.string(), formatVersion: z.number(), schemaVersion: z.number() }).safeParse(json);
  if (!envelope.success || envelope.data.format !== BACKUP_FORMAT) throw new BackupProblem("This file is not a Study Circle group backup.");
  if (envelope.data.formatVersion > BACKUP_FORMAT_VERSION || envelope.data.schemaVersion > currentSchemaVersion) {
    throw new BackupProblem(
      `This backup was made by a newer version of Study Circle (database schema ${envelope.data.schemaVersion}, file format ${envelope.data.formatVersion}); this instance has schema ${currentSchemaVersion} and reads format ${BACKUP_FORMAT_VERSION}. Update this instance, then import again.`,
    );
  }
  const parsed = backupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackupProblem(`This backup is damaged or was edited by hand: ${issue ? `${issue.path.join(".") || "file"} — ${issue.message}` : "unreadable content"}.`);
  }
  // The checksum covers the content exactly as written in the file (zod's output reorders keys).
  if (backupChecksum((json as { data: BackupData }).data) !== parsed.data.checksum) {
    throw new BackupProblem("This backup was changed after it was made (its checksum does not match its content), so it cannot be trusted. Use the file exactly as it was downloaded.");
  }
  // Validated: hand back the file's own objects, so stored JSON (blocks, payloads) keeps its exact form.
  return json as Backup;
}
