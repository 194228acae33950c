import type { InboxKind } from "../lib/inbox/kinds";
import type { Role } from "../lib/roles";

/**
 * What the custom server lends the Next.js route modules and server actions. They are bundled
 * apart from server/ and get module instances of their own, so they cannot import the live
 * server or the Redis connections: those are handed over through globalThis (as db/client.ts
 * shares its connection).
 */
type Bridge = {
  /** Present only when REDIS_URL is set. */
  redisReachable?: () => Promise<boolean>;
  /** Closes a removed member's live connections to the group's sessions, on every node. */
  evictFromGroup: (groupId: string, userId: string) => Promise<void>;
  /** Tells a session's facilitators, live, that a guest arrived (and the room who its guests are). */
  announceGuests: (sessionId: string) => Promise<void>;
  /** Tells people, on every node, that something arrived in their inbox. */
  tellInboxes: (news: { userId: string; kind: InboxKind }[]) => void;
  /** Gives a member's live sockets their new role in the group, on every node. */
  changeRoleLive: (groupId: string, userId: string, role: Role) => void;
  /** Closes the live connections opened under these (ended) sign-in sessions, on every node. */
  closeLiveSessions: (authSessionIds: string[]) => Promise<void>;
};

const shared = globalThis as { studyCircleRouteBridge?: Bridge };

/** Called once by server/index.ts after the live server is attached. */
export function lendToRoutes(bridge: Bridge): void {
  shared.studyCircleRouteBridge = bridge;
}

/** "off" without REDIS_URL; otherwise whether Redis answers now. */
export async function redisStatus(): Promise<"up" | "down" | "off"> {
  const probe = shared.studyCircleRouteBridge?.redisReachable;
  if (!probe) return "off";
  return (await probe()) ? "up" : "down";
}

/** Ends a removed member's live connections to the group's sessions (nothing to do before the server lends it). */
export async function evictFromGroup(groupId: string, userId: string): Promise<void> {
  await shared.studyCircleRouteBridge?.evictFromGroup(groupId, userId);
}

/** Tells a session's facilitators, live, that a guest arrived at the join page. */
export async function announceGuests(sessionId: string): Promise<void> {
  await shared.studyCircleRouteBridge?.announceGuests(sessionId);
}

/** Tells people live that something arrived in their inbox (they see it on their next page load otherwise). */
export function tellInboxes(news: { userId: string; kind: InboxKind }[]): void {
  shared.studyCircleRouteBridge?.tellInboxes(news);
}

/** Pushes a member's new role to their live sockets (the facilitators' room, presence), on every node. */
export function changeRoleLive(groupId: string, userId: string, role: Role): void {
  shared.studyCircleRouteBridge?.changeRoleLive(groupId, userId, role);
}

/** Closes the live connections of ended sign-in sessions, on every node (nothing to do before the server lends it). */
export async function closeLiveSessions(authSessionIds: string[]): Promise<void> {
  if (authSessionIds.length === 0) return;
  await shared.studyCircleRouteBridge?.closeLiveSessions(authSessionIds);
}
