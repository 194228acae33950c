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

/** Tells everyone in a session's room who is typing in the thread (each person once). */
export async function broadcastTyping(io: LiveServer, sessionId: string): Promise<void> {
  const sockets = await io.in(sessionRoom(sessionId)).fetchSockets();
  const typing = new Map<string, string>();
  for (const socket of sockets) if (socket.data.typing?.[sessionId]) typing.set(socket.data.userId, socket.data.displayName);
  io.to(sessionRoom(sessionId)).emit("typing", { sessionId, members: [...typing].map(([userId, displayName]) => ({ userId, displayName })) });
}
