/** The life of a study session. */
export const sessionStatuses = ["planned", "live", "ended"] as const;

/** One status of a study session. */
export type SessionStatusName = (typeof sessionStatuses)[number];

/** The only status a session may move to next, or null once it has ended. */
export function nextStatus(status: SessionStatusName): SessionStatusName | null {
  if (status === "planned") return "live";
  if (status === "live") return "ended";
  return null;
}
