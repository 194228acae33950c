import type { PresentMember, PresentPerson } from "../protocol";

/**
 * Presence as a map of who is in a session's room (one entry per person, whatever the number of
 * their tabs), and the small changes between two such maps, by user id: what the nodes of a
 * cluster tell each other about their own members, at most about once a second per room. (The
 * browser gets the same changes numbered, smaller: lib/presence/wire.ts.) Pure: the server,
 * the nodes and the browser share it.
 */

/** Who is present, by user id. */
export type PresenceView = ReadonlyMap<string, PresentMember>;

/**
 * What changed among one node's members of a room: newcomers (reading nothing yet, not typing,
 * unless `moved`/`typing` say otherwise) and anyone whose name or role changed, by who they
 * are; those gone by user id; the new paragraph and typing state by user id.
 */
export type Changes = {
  joined?: PresentPerson[];
  left?: string[];
  moved?: Record<string, string | null>;
  typing?: Record<string, boolean>;
};

/** A presence view from a list of members (the join acknowledgement's). */
export function viewOf(members: readonly PresentMember[]): Map<string, PresentMember> {
  return new Map(members.map((member) => [member.userId, member]));
}

/** The members of a view, sorted by name (then id, so that the order is stable). */
export function membersOf(view: PresenceView): PresentMember[] {
  return [...view.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * What turns `before` into `after`, for the people in `among` (all of them when omitted):
 * newcomers (and anyone whose name or role changed) by who they are, those gone by id, and the
 * paragraph or typing state of whoever's differs (a newcomer's only when not the starting one:
 * no paragraph, not typing). Null when nothing changed. Whatever happened in between (moves
 * back and forth, a tab that came and went) is not sent: only the last state counts.
 */
export function diffViews(before: PresenceView, after: PresenceView, among?: Iterable<string>): Changes | null {
  const joined: PresentPerson[] = [];
  const left: string[] = [];
  const moved: Record<string, string | null> = {};
  const typing: Record<string, boolean> = {};
  for (const userId of among ?? new Set([...before.keys(), ...after.keys()])) {
    const now = after.get(userId);
    const was = before.get(userId);
    if (!now) {
      if (was) left.push(userId);
      continue;
    }
    if (!was || was.displayName !== now.displayName || was.role !== now.role) joined.push({ userId, displayName: now.displayName, role: now.role });
    if (now.blockId !== (was?.blockId ?? null)) moved[userId] = now.blockId;
    if (now.typing !== (was?.typing ?? false)) typing[userId] = now.typing;
  }
  const anyMoved = Object.keys(moved).length > 0;
  const anyTyping = Object.keys(typing).length > 0;
  if (joined.length === 0 && left.length === 0 && !anyMoved && !anyTyping) return null;
  return {
    ...(joined.length > 0 && { joined }),
    ...(left.length > 0 && { left }),
    ...(anyMoved && { moved }),
    ...(anyTyping && { typing }),
  };
}

/**
 * The view after `changes`, as a new map (the old one is left as it was). A move or a typing
 * change for someone not in the view is ignored: it cannot happen when both sides apply every
 * message in order, and a stray one must not invent a member without a name.
 */
export function applyChanges(view: PresenceView, changes: Changes): Map<string, PresentMember> {
  const next = new Map(view);
  for (const userId of changes.left ?? []) next.delete(userId);
  for (const person of changes.joined ?? []) next.set(person.userId, { blockId: null, typing: false, ...next.get(person.userId), ...person });
  for (const [userId, blockId] of Object.entries(changes.moved ?? {})) {
    const member = next.get(userId);
    if (member) next.set(userId, { ...member, blockId });
  }
  for (const [userId, typing] of Object.entries(changes.typing ?? {})) {
    const member = next.get(userId);
    if (member) next.set(userId, { ...member, typing });
  }
  return next;
}

/**
 * One view from several (this node's members and each other node's): a person present on
 * several nodes (tabs on two of them) counts once, the first view that has them wins.
 */
export function mergeViews(views: Iterable<PresenceView>): Map<string, PresentMember> {
  const merged = new Map<string, PresentMember>();
  for (const view of views) {
    for (const [userId, member] of view) if (!merged.has(userId)) merged.set(userId, member);
  }
  return merged;
}

/** How long to wait before a room's next presence message: none when the last one is `interval` old, else what is left of it. */
export function flushDelay(now: number, lastFlushAt: number, interval: number): number {
  return Math.max(0, lastFlushAt + interval - now);
}
