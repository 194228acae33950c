import type { PresentMember } from "../../lib/protocol";
import { log } from "../log";
import { sessionRoom, type LiveServer } from "./types";

/**
 * The sockets in a room on every node (through the adapter). When the other nodes cannot be
 * asked (Redis down, a node too slow to answer), this node's own sockets: presence is then
 * what this node sees, which is right for the members it serves.
 */
async function roomSockets(io: LiveServer, room: string) {
  try {
    return await io.in(room).fetchSockets();
  } catch (error) {
    log.debug({ event: "presence.local_only", room, err: error }, "presence from this node alone");
    return io.in(room).local.fetchSockets();
  }
}

/**
 * Who is in a session's room, computed from the connected sockets themselves (so it also
 * works across processes with a Socket.IO adapter). One person with two tabs counts once.
 */
export async function presentMembers(io: LiveServer, sessionId: string): Promise<PresentMember[]> {
  const sockets = await roomSockets(io, sessionRoom(sessionId));
  const members = new Map<string, PresentMember>();
  for (const socket of sockets) {
    const role = socket.data.roles?.[sessionId];
    if (!role || members.has(socket.data.userId)) continue;
    members.set(socket.data.userId, { userId: socket.data.userId, displayName: socket.data.displayName, role, blockId: socket.data.reading?.[sessionId] ?? null });
  }
  return [...members.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Tells everyone in a session's room who is present now. */
export async function broadcastPresence(io: LiveServer, sessionId: string): Promise<void> {
  io.to(sessionRoom(sessionId)).emit("presence", { sessionId, members: await presentMembers(io, sessionId) });
}

/** Tells everyone in a session's room who is typing in the thread (each person once). */
export async function broadcastTyping(io: LiveServer, sessionId: string): Promise<void> {
  const sockets = await roomSockets(io, sessionRoom(sessionId));
  const typing = new Map<string, string>();
  for (const socket of sockets) if (socket.data.typing?.[sessionId]) typing.set(socket.data.userId, socket.data.displayName);
  io.to(sessionRoom(sessionId)).emit("typing", { sessionId, members: [...typing].map(([userId, displayName]) => ({ userId, displayName })) });
}
