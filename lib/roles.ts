/** The roles a person can have in a group, from most to least powerful. */
export const roles = ["owner", "facilitator", "member"] as const;

/** A person's role in a group. */
export type Role = (typeof roles)[number];

/** Roles an invite link may grant (ownership is handed over, never invited). */
export const inviteRoles = ["facilitator", "member"] as const;

/** A role an invite can carry. */
export type InviteRole = (typeof inviteRoles)[number];

/** Who may do what in a group: pure functions, one per decision, so tests read like a table. */
export const can = {
  viewGroup: (role: Role | null) => role !== null,
  manageMembers: (role: Role | null) => role === "owner",
  createInvite: (role: Role | null) => role === "owner" || role === "facilitator",
  addArticle: (role: Role | null) => role === "owner" || role === "facilitator",
  scheduleSession: (role: Role | null) => role === "owner" || role === "facilitator",
  runSession: (role: Role | null) => role === "owner" || role === "facilitator",
  joinSession: (role: Role | null) => role !== null,
};
