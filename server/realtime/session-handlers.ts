import { roleInGroup } from "../../db/groups";
import { changeSessionStatus, findSession } from "../../db/study-sessions";
import { AppError } from "../../lib/errors";
import { can, type Role } from "../../lib/roles";
import { log } from "../log";
import { handle } from "./handle";
import { broadcastPresence, presentMembers } from "./presence";
import { sessionRoom, type LiveServer, type LiveSocket } from "./types";

/**
 * The sender's role in the session's group, checked against the database on every message:
 * a member removed a minute ago is refused now. Non-members learn nothing (NOT_FOUND).
 */
function authoriseSession(socket: LiveSocket, sessionId: string): { role: Role; groupId: string } {
  const session = findSession(sessionId);
  const role = session ? roleInGroup(session.groupId, socket.data.userId) : null;
  if (!session || !can.joinSession(role)) throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
  return { role: role!, groupId: session.groupId };
}

/** Registers the study-session messages on a connected socket. */
export function registerSessionHandlers(io: LiveServer, socket: LiveSocket): void {
  handle(socket, "session:join", async ({ sessionId }) => {
    const { role } = authoriseSession(socket, sessionId);
    socket.data.roles = { ...socket.data.roles, [sessionId]: role };
    await socket.join(sessionRoom(sessionId));
    log.info({ event: "session.join", sessionId, userId: socket.data.userId }, "member joined session room");
    await broadcastPresence(io, sessionId);
    return { sessionId, members: await presentMembers(io, sessionId) };
  });

  handle(socket, "session:leave", async ({ sessionId }) => {
    await leaveSession(io, socket, sessionId);
    return null;
  });

  handle(socket, "session:setStatus", ({ sessionId, status, clientOpId }) => {
    const { role } = authoriseSession(socket, sessionId);
    if (!can.runSession(role)) throw new AppError("FORBIDDEN", "Only the group's facilitators can start or end a session.");
    const { seq } = changeSessionStatus({ sessionId, to: status, actorId: socket.data.userId, clientOpId });
    io.to(sessionRoom(sessionId)).emit("session:status", { sessionId, seq, status });
    return { seq };
  });

  socket.on("disconnecting", () => {
    const joined = Object.keys(socket.data.roles ?? {});
    socket.data.roles = {};
    // Presence is recomputed after the socket has actually left its rooms.
    socket.once("disconnect", () => {
      for (const sessionId of joined) void broadcastPresence(io, sessionId);
    });
  });
}

async function leaveSession(io: LiveServer, socket: LiveSocket, sessionId: string): Promise<void> {
  const { [sessionId]: _left, ...rest } = socket.data.roles;
  socket.data.roles = rest;
  await socket.leave(sessionRoom(sessionId));
  await broadcastPresence(io, sessionId);
}
