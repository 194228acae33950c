/** The roles a person can have in a group, from most to least powerful. */
export const roles = ["owner", "facilitator", "member"] as const;

/** A person's role in a group. */
export type Role = (typeof roles)[number];

/**
 * A person's role in one study session: their role in its group, or "guest" — someone let in
 * with the session's code for that session alone, who is not a member of the group.
 */
export type SessionRole = Role | "guest";

/** Roles an invite link may grant (ownership is handed over, never invited). */
export const inviteRoles = ["facilitator", "member"] as const;

/** A role an invite can carry. */
export type InviteRole = (typeof inviteRoles)[number];

const runs = (role: SessionRole | null) => role === "owner" || role === "facilitator";
const belongs = (role: SessionRole | null) => role !== null && role !== "guest";

/**
 * Who may do what in a group: pure functions, one per decision, so tests read like a table.
 * A guest holds their role in one session only: everything group-wide is refused to them.
 */
export const can = {
  /** The group's page, member list, archive, other sessions, reviews, search and exports. */
  viewGroup: belongs,
  manageMembers: (role: SessionRole | null) => role === "owner",
  createInvite: runs,
  addArticle: runs,
  scheduleSession: runs,
  runSession: runs,
  /** Read, highlight, comment, reply, answer, vote and raise a hand in the session's room. */
  joinSession: (role: SessionRole | null) => role !== null,
  /** Let guests in, admit or remove them. */
  admitGuests: runs,
};
