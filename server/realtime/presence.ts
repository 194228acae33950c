import type { PresentMember } from "../../lib/protocol";
import { sessionRoom, type LiveServer } from "./types";

/**
 * Who is in a session's room, computed from the connected sockets themselves (so it also
 * works across processes with a Socket.IO adapter). One person with two tabs counts once.
 */
export async function presentMembers(io: LiveServer, sessionId: string): Promise<PresentMember[]> {
  const sockets = await io.in(sessionRoom(sessionId)).fetchSockets();
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
