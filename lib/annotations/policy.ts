import type { SessionRole } from "../roles";
import type { SessionStatusName } from "../session-status";
import type { Visibility } from "./kinds";

/**
 * Who may do what with annotations and replies: pure decisions, tested as a table.
 * The database layer asks these before it writes anything.
 */
export const annotationPolicy = {
  /** A private annotation (and its thread) is its author's alone. */
  see: (item: { visibility: Visibility; authorId: string }, viewerId: string) => item.visibility === "shared" || item.authorId === viewerId,
  /** Authors edit and delete their own words, until they are deleted. */
  edit: (item: { authorId: string; deleted: boolean }, actorId: string) => !item.deleted && item.authorId === actorId,
  /** Facilitators and owners hide anyone's annotation or reply. */
  moderate: (role: SessionRole) => role === "owner" || role === "facilitator",
  /** An ended session is read-only, except for personal notes. */
  write: (status: SessionStatusName, visibility: Visibility) => status !== "ended" || visibility === "private",
};
