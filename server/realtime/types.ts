import type { Server, Socket } from "socket.io";
import type { Changes } from "../../lib/presence/changes";
import type { ClientToServerEvents, PresentMember, ServerToClientEvents } from "../../lib/protocol";
import type { Role, SessionRole } from "../../lib/roles";

/** What the server remembers about each connected socket (kept on the socket, so adapters can read it). */
export type SocketData = {
  userId: string;
  /** The sign-in session (db/auth-sessions.ts) whose cookie opened this socket. */
  authSessionId: string;
  displayName: string;
  /**
   * The sessions this socket joined, with the person's role in each (their group role, or "guest"): kept
   * current by membership changes (applyRoleChange), so presence and typing need no query.
   */
  roles: Record<string, SessionRole>;
  /** The group of each joined session, so a role change in a group reaches its sessions. */
  groups: Record<string, string>;
};

/** Everything one node holds in presence for the others: its members per room, and how many changes it has sent. */
export type NodePresence = { nodeId: string; seq: number; rooms: Record<string, PresentMember[]> };

/** What one node tells the others (through the adapter's serverSideEmit): role changes, and presence (ephemeral, never logged). */
export type InterNodeEvents = {
  /** A member's role in a group changed. */
  "member:role": (change: { groupId: string; userId: string; role: Role }) => void;
  /** A node's own members in one room changed; `seq` counts that node's changes messages. */
  "presence:changes": (nodeId: string, seq: number, sessionId: string, changes: Changes) => void;
  /** A node is alive and has sent `seq` changes messages so far. */
  "presence:alive": (nodeId: string, seq: number) => void;
  /** A node asks every other for its whole presence (when it starts, or after missing changes). */
  "presence:sync": (nodeId: string, reply: (state: NodePresence) => void) => void;
  /** A node is shutting down: its members leave now rather than at expiry. */
  "presence:gone": (nodeId: string) => void;
};

/** The typed Socket.IO server. */
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;

/** One typed connected socket. */
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;

/** The room of a study session. */
export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

/** The room of one member's sockets within a session: private events go only there. */
export function memberRoom(sessionId: string, userId: string): string {
  return `session:${sessionId}:member:${userId}`;
}

/** The room of a session's facilitators: unrevealed questions and sealed answers go there. */
export function facilitatorsRoom(sessionId: string): string {
  return `session:${sessionId}:facilitators`;
}

/** The room of one member's sockets in any session of a group: removing the member empties it, on every node. */
export function groupMemberRoom(groupId: string, userId: string): string {
  return `group:${groupId}:member:${userId}`;
}

/** The room of a session's guests' sockets: closed when the session ends, on every node. */
export function guestsRoom(sessionId: string): string {
  return `session:${sessionId}:guests`;
}

/** The room of all of one person's sockets, whatever page they are on: their inbox news goes there. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** The room of every socket opened under one sign-in session: ending the session empties it, on every node. */
export function authSessionRoom(authSessionId: string): string {
  return `auth:${authSessionId}`;
}
