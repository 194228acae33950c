import { importGroupBackup, type ImportOptions, type RestoredAccount } from "../db/backup";
import { BackupProblem } from "../lib/review/backup-format";
import { checkMedia, restoreMedia } from "./backup-media";

/** What a restore did, for the person who ran it: the group, and the reset link of every account it created. */
export type RestoreOutcome = { groupId: string; groupName: string; sessions: number; events: number; images: number; createdUsers: RestoredAccount[] };

/**
 * Restores a backup file: checks everything (images included), writes every row in one
 * transaction, and only once that has committed stores the images. A refused file leaves the
 * database and the data folder exactly as they were.
 */
export async function restoreGroupBackup(text: string, options: ImportOptions): Promise<RestoreOutcome> {
  const outcome = await importGroupBackup(text, { ...options, beforeWriting: (backup) => checkMedia(backup.media) });
  let images: number;
  try {
    images = await restoreMedia(outcome.groupId, outcome.media);
  } catch (error) {
    throw new BackupProblem(
      `The group "${outcome.groupName}" was restored, but its images could not be stored (${error instanceof Error ? error.message : String(error)}); free some disk space and import the file again into an empty instance.`,
      "failed",
    );
  }
  return { groupId: outcome.groupId, groupName: outcome.groupName, sessions: outcome.sessions, events: outcome.events, images, createdUsers: outcome.createdUsers };
}
