import type { PresentMember } from "../protocol";
import type { SessionRole } from "../roles";

/** One connection (a browser tab) in a room. */
type Connection = { userId: string; displayName: string; role: SessionRole; blockId: string | null; typing: boolean; movedAt: number };

/** Who a connection belongs to, as the server knows it from the socket. */
export type Person = { userId: string; displayName: string; role: SessionRole };

/**
 * The connections one node holds in one session's room, kept in memory. Each mutation returns
 * the user id it concerns when it changed anything (so the caller knows whose entry to send
 * again), or null. The view counts each person once: present while any of their tabs is, at
 * the paragraph their tabs reported last, typing while any of their tabs is typing.
 */
export class RoomPresence {
  private readonly connections = new Map<string, Connection>();
  private clock = 0;

  /** A connection enters (or enters again: its paragraph and typing start over). */
  join(connectionId: string, person: Person): string {
    this.connections.set(connectionId, { ...person, blockId: null, typing: false, movedAt: 0 });
    return person.userId;
  }

  /** A connection leaves; the person leaves with their last one. */
  leave(connectionId: string): string | null {
    const connection = this.connections.get(connectionId);
    if (!connection) return null;
    this.connections.delete(connectionId);
    return connection.userId;
  }

  /** The paragraph a connection's reader is at now. */
  read(connectionId: string, blockId: string | null): string | null {
    const connection = this.connections.get(connectionId);
    if (!connection) return null;
    this.clock += 1;
    connection.movedAt = this.clock;
    if (connection.blockId === blockId) return null;
    connection.blockId = blockId;
    return connection.userId;
  }

  /** Whether a connection's member is typing in the thread. */
  type(connectionId: string, typing: boolean): string | null {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.typing === typing) return null;
    connection.typing = typing;
    return connection.userId;
  }

  /** The member's role changed (a facilitator demoted, say): shown on all their connections here. */
  changeRole(connectionId: string, role: SessionRole): string | null {
    const connection = this.connections.get(connectionId);
    if (!connection || connection.role === role) return null;
    for (const each of this.connections.values()) if (each.userId === connection.userId) each.role = role;
    return connection.userId;
  }

  /** Whether a connection is in the room. */
  has(connectionId: string): boolean {
    return this.connections.has(connectionId);
  }

  /** The role a connection joined with (or was last given). */
  roleOf(connectionId: string): SessionRole | undefined {
    return this.connections.get(connectionId)?.role;
  }

  /** Every connection in the room. */
  connectionIds(): string[] {
    return [...this.connections.keys()];
  }

  get empty(): boolean {
    return this.connections.size === 0;
  }

  /** Each person present through this node, once. */
  view(): Map<string, PresentMember> {
    const latest = new Map<string, Connection>();
    const typing = new Set<string>();
    for (const connection of this.connections.values()) {
      const kept = latest.get(connection.userId);
      if (!kept || connection.movedAt > kept.movedAt) latest.set(connection.userId, connection);
      if (connection.typing) typing.add(connection.userId);
    }
    const view = new Map<string, PresentMember>();
    for (const [userId, { displayName, role, blockId }] of latest) view.set(userId, { userId, displayName, role, blockId, typing: typing.has(userId) });
    return view;
  }
}
