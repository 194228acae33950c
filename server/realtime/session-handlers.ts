import { applyOperation, sessionSnapshot } from "../../db/session-operations";
import { roleInGroup } from "../../db/groups";
import { recordAttendance } from "../../db/review";
import { lastSessionSeq, sessionEventsAfter, type SessionEvent } from "../../db/session-events";
import { changeSessionStatus, findSession, type StudySession } from "../../db/study-sessions";
import { presentEvent } from "../../lib/annotations/present";
import { AppError } from "../../lib/errors";
import { CATCH_UP_LIMIT, type CatchUp } from "../../lib/protocol";
import { can, type Role } from "../../lib/roles";
import { log } from "../log";
import { handle } from "./handle";
import { presenceOf } from "./presence";
import { versionText } from "./session-text";
import { facilitatorsRoom, groupMemberRoom, memberRoom, sessionRoom, type LiveServer, type LiveSocket } from "./types";
import { sessionWrites } from "./write-batch";

/**
 * The session and the sender's role in its group, checked against the database on every
 * message: a member removed a minute ago is refused now. Non-members learn nothing (NOT_FOUND).
 */
async function authoriseSession(socket: LiveSocket, sessionId: string): Promise<{ session: StudySession; role: Role }> {
  const session = await findSession(sessionId);
  const role = session ? await roleInGroup(session.groupId, socket.data.userId) : null;
  if (!session || !role || !can.joinSession(role)) throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
  return { session, role };
}

/** The events a member missed since `afterSeq`, or a fresh snapshot when they are too far behind. */
async function catchUp(sessionId: string, viewer: { id: string; role: Role }, afterSeq: number | undefined): Promise<CatchUp> {
  const lastSeq = await lastSessionSeq(sessionId);
  if (afterSeq === undefined || afterSeq > lastSeq || lastSeq - afterSeq > CATCH_UP_LIMIT) {
    return { kind: "snapshot", snapshot: await sessionSnapshot(sessionId, viewer) };
  }
  const events = await sessionEventsAfter(sessionId, afterSeq, { id: viewer.id, facilitator: can.runSession(viewer.role) }, CATCH_UP_LIMIT);
  return { kind: "events", events: events.map(presentEvent), lastSeq };
}

/** Registers the study-session messages on a connected socket. */
export function registerSessionHandlers(io: LiveServer, socket: LiveSocket): void {
  const presence = presenceOf(io);
  handle(socket, "session:join", async ({ sessionId, afterSeq }) => {
    const { session, role } = await authoriseSession(socket, sessionId);
    if (session.status === "live") await recordAttendance(sessionId, socket.data.userId);
    socket.data.roles = { ...socket.data.roles, [sessionId]: role };
    const rooms = [sessionRoom(sessionId), memberRoom(sessionId, socket.data.userId), groupMemberRoom(session.groupId, socket.data.userId)];
    if (can.runSession(role)) rooms.push(facilitatorsRoom(sessionId));
    await socket.join(rooms);
    presence.join(socket, sessionId, role);
    log.info({ event: "session.join", sessionId, userId: socket.data.userId, afterSeq }, "member joined session room");
    const caughtUp = await catchUp(sessionId, { id: socket.data.userId, role }, afterSeq);
    // Read last, right before the reply: the room's next presence message is a change to exactly this list.
    return { sessionId, catchUp: caughtUp, members: presence.published(sessionId) };
  });

  handle(socket, "session:leave", async ({ sessionId }) => {
    await leaveSession(io, socket, sessionId);
    return null;
  });

  handle(socket, "session:setStatus", async ({ sessionId, status, clientOpId }) => {
    const { role } = await authoriseSession(socket, sessionId);
    if (!can.runSession(role)) throw new AppError("FORBIDDEN", "Only the group's facilitators can start or end a session.");
    const { seq } = await changeSessionStatus({ sessionId, to: status, actorId: socket.data.userId, clientOpId });
    // The roll call for the archive and minutes: everyone in the room when it goes live.
    if (status === "live") for (const member of presence.everyone(sessionId)) await recordAttendance(sessionId, member.userId);
    io.to(sessionRoom(sessionId)).emit("session:status", { sessionId, seq, status });
    return { seq };
  });

  handle(socket, "session:operation", async ({ sessionId, clientOpId, operation }) => {
    // Authorised and applied in the same transaction, committed together with the operations
    // that arrived alongside it (group commit); acknowledged and broadcast only after COMMIT.
    const { event, duplicate } = await sessionWrites.run(async () => {
      const { session, role } = await authoriseSession(socket, sessionId);
      return await applyOperation({
        session: { id: session.id, groupId: session.groupId, status: session.status, text: await versionText(session.articleVersionId) },
        actor: { id: socket.data.userId, name: socket.data.displayName, role },
        clientOpId,
        operation,
      });
    }, sessionId);
    const view = presentEvent(event);
    if (!duplicate) io.to(audienceRooms(sessionId, event)).emit("session:event", { sessionId, event: view });
    return { seq: event.seq, event: view };
  });

  // Presence is authorised by the socket's current state (its roles, kept current when a member
  // is removed or their role changes), never by a database query per message.
  const mustBePresent = (sessionId: string) => {
    if (socket.data.roles[sessionId] && presence.has(socket, sessionId)) return;
    // A member whose role was taken away leaves everyone's list with their next message.
    presence.leave(socket, sessionId);
    throw new AppError("NOT_FOUND", "Join the session first.");
  };

  handle(socket, "presence:reading", ({ sessionId, blockId }) => {
    mustBePresent(sessionId);
    presence.read(socket, sessionId, blockId);
    return null;
  });

  handle(socket, "presence:typing", ({ sessionId, typing }) => {
    mustBePresent(sessionId);
    presence.type(socket, sessionId, typing);
    return null;
  });

  socket.on("disconnecting", () => {
    socket.data.roles = {};
    presence.leaveAll(socket);
  });
}

/**
 * Closes a removed member's connections to the group's sessions, on whichever node holds them:
 * their pages reconnect, and joining again is refused (NOT_FOUND). This node's own sockets go
 * first, directly, so that an eviction still happens here while Redis is down.
 */
export async function evictFromGroup(io: LiveServer, groupId: string, userId: string): Promise<void> {
  const room = groupMemberRoom(groupId, userId);
  io.in(room).local.disconnectSockets(true);
  io.in(room).disconnectSockets(true);
  log.info({ event: "session.evicted", groupId, userId }, "removed member's live connections closed");
}

/** The rooms whose sockets may receive an event. */
function audienceRooms(sessionId: string, event: SessionEvent): string[] {
  const author = event.privateTo ? [memberRoom(sessionId, event.privateTo)] : [];
  if (event.audience === "everyone") return [sessionRoom(sessionId)];
  if (event.audience === "author") return author;
  if (event.audience === "facilitators") return [facilitatorsRoom(sessionId)];
  return [...author, facilitatorsRoom(sessionId)];
}

async function leaveSession(io: LiveServer, socket: LiveSocket, sessionId: string): Promise<void> {
  const { [sessionId]: _left, ...rest } = socket.data.roles;
  socket.data.roles = rest;
  await socket.leave(sessionRoom(sessionId));
  await socket.leave(memberRoom(sessionId, socket.data.userId));
  await socket.leave(facilitatorsRoom(sessionId));
  presenceOf(io).leave(socket, sessionId);
}
