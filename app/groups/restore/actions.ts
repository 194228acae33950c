"use server";

import { previewGroupBackup, type BackupPreview, type RestoreTarget } from "@/db/backup";
import { createPasswordResetLink } from "@/db/password-resets";
import { BackupProblem, type BackupProblemKind } from "@/lib/review/backup-format";
import { currentAccount } from "@/server/accounts/current-user";
import { restoreGroupBackup } from "@/server/backup-restore";
import { madeHere } from "@/server/backup-seal";
import { log } from "@/server/log";

/** Why a file was not previewed or restored: a kind the page words in the reader's language, and the details in English. */
export type RestoreProblem = { kind: BackupProblemKind | "noFile" | "signedOut"; detail: string };

/** What the preview step answers. */
export type PreviewResult = { ok: true; fileName: string; preview: BackupPreview } | { ok: false; problem: RestoreProblem } | null;

/** An account the restore created and the link its person sets a password through (shown once). */
export type RestoredPerson = { username: string; displayName: string; resetPath: string; resetExpiresAt: string };

/** What the restore step answers. */
export type RestoreResult =
  | { ok: true; groupId: string; groupName: string; sessions: number; events: number; images: number; createdUsers: RestoredPerson[] }
  | { ok: false; problem: RestoreProblem }
  | null;

/** How long the reset links of restored accounts work: a week, time to hand them over at the next meeting. */
const RESTORED_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** Reads the uploaded file and who is restoring it, or says what is missing. */
async function upload(formData: FormData): Promise<{ text: string; name: string; target: RestoreTarget } | RestoreProblem> {
  const user = await currentAccount();
  if (!user) return { kind: "signedOut", detail: "Sign in first." };
  const file = formData.get("backup");
  if (!(file instanceof File) || file.size === 0) return { kind: "noFile", detail: "Choose a backup file." };
  const text = await file.text();
  return { text, name: file.name, target: { kind: "new-group", owner: { id: user.id, username: user.username }, linkExisting: sealedHere(text) } };
}

/** Whether the file carries this instance's seal (then its people may be the accounts they name here). */
function sealedHere(text: string): boolean {
  try {
    const file = JSON.parse(text) as { checksum?: unknown; seal?: unknown };
    return typeof file.checksum === "string" && typeof file.seal === "string" && madeHere({ checksum: file.checksum, seal: file.seal });
  } catch {
    return false;
  }
}

function problemOf(error: unknown): RestoreProblem {
  if (error instanceof BackupProblem) return { kind: error.kind, detail: error.message };
  log.error({ event: "backup.restore_failed", err: error }, "restoring a backup failed");
  return { kind: "failed", detail: "Something went wrong on the server; nothing was changed." };
}

/** Checks an uploaded backup through and through, writing nothing, and says what it holds. */
export async function previewBackupAction(_previous: PreviewResult, formData: FormData): Promise<PreviewResult> {
  const input = await upload(formData);
  if ("kind" in input) return { ok: false, problem: input };
  try {
    return { ok: true, fileName: input.name, preview: await previewGroupBackup(input.text, input.target) };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

/** Restores an uploaded backup as a new group owned by the signed-in person. */
export async function restoreBackupAction(_previous: RestoreResult, formData: FormData): Promise<RestoreResult> {
  const input = await upload(formData);
  if ("kind" in input) return { ok: false, problem: input };
  const ownerId = input.target.kind === "new-group" ? input.target.owner.id : null;
  try {
    const outcome = await restoreGroupBackup(input.text, {
      target: input.target,
      issueResetLink: (userId) => createPasswordResetLink(userId, ownerId, RESTORED_LINK_LIFETIME_MS),
    });
    log.info({ event: "backup.restored", groupId: outcome.groupId, createdUsers: outcome.createdUsers.length, by: ownerId }, "a backup was restored as a new group");
    return {
      ok: true,
      groupId: outcome.groupId,
      groupName: outcome.groupName,
      sessions: outcome.sessions,
      events: outcome.events,
      images: outcome.images,
      createdUsers: outcome.createdUsers.map((person) => ({
        username: person.username,
        displayName: person.displayName,
        resetPath: person.resetPath,
        resetExpiresAt: person.resetExpiresAt.toISOString(),
      })),
    };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}
