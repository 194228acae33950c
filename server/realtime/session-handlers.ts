import { applyAuthorisedOperation, sessionSnapshot } from "../../db/session-operations";
import { guestStanding, sessionWithRole } from "../../db/guests";
import { recordAttendance } from "../../db/review";
import { lastSessionSeq, sessionEventsAfter, type SessionEvent } from "../../db/session-events";
import { changeSessionStatus, type StudySession } from "../../db/study-sessions";
import { withCurrentItems } from "../../lib/annotations/current-state";
import { presentEvent } from "../../lib/annotations/present";
import { AppError } from "../../lib/errors";
import { CATCH_UP_LIMIT, type CatchUp, type SessionEventView } from "../../lib/protocol";
import { can, type Role, type SessionRole } from "../../lib/roles";
import { log } from "../log";
import { handle } from "./handle";
import { tellInboxes } from "./inbox";
import { presenceOf } from "./presence";
import { editionText, versionText } from "./session-text";
import { facilitatorsRoom, groupMemberRoom, guestsRoom, memberRoom, sessionRoom, type LiveServer, type LiveSocket } from "./types";
import { sessionWrites } from "./write-batch";

/**
 * The session and the sender's role in it (their role in its group, or "guest"), checked
 * against the database on every message: a member or guest removed a minute ago is refused
 * now. Non-members learn nothing (NOT_FOUND); a guest learns why they are not let in.
 */
export async function authoriseSession(socket: LiveSocket, sessionId: string): Promise<{ session: StudySession; role: SessionRole }> {
  return authorised(socket, await sessionWithRole(sessionId, socket.data.userId));
}

async function authorised<S extends { id: string }>(socket: LiveSocket, found: { session: S; role: SessionRole | null } | undefined): Promise<{ session: S; role: SessionRole }> {
  if (found?.role && can.joinSession(found.role)) return { session: found.session, role: found.role };
  if (found) await refuseGuest(found.session.id, socket.data.userId);
  throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
}

/** A guest who is not (or no longer) let in hears why: waiting, removed, or the session is over. */
async function refuseGuest(sessionId: string, userId: string): Promise<void> {
  const standing = await guestStanding(sessionId, userId);
  if (standing === "waiting") throw new AppError("GUEST_WAITING", "A facilitator will let you in shortly.");
  if (standing === "removed") throw new AppError("GUEST_REMOVED", "A facilitator removed you from this session.");
  if (standing === "ended") throw new AppError("SESSION_ENDED", "This session has ended, and guest access with it.");
}

/**
 * The events a member missed since `afterSeq`, or a fresh snapshot when they are too far behind.
 * Each event carries its items as they are now (the run reaches the end of the log), so words
 * hidden, deleted or edited since are not sent again, as in the snapshot.
 */
async function catchUp(sessionId: string, viewer: { id: string; role: SessionRole }, afterSeq: number | undefined): Promise<CatchUp> {
  const lastSeq = await lastSessionSeq(sessionId);
  if (afterSeq === undefined || afterSeq > lastSeq || lastSeq - afterSeq > CATCH_UP_LIMIT) {
    return { kind: "snapshot", snapshot: await sessionSnapshot(sessionId, viewer) };
  }
  const events = await sessionEventsAfter(sessionId, afterSeq, { id: viewer.id, facilitator: can.runSession(viewer.role) }, CATCH_UP_LIMIT);
  return { kind: "events", events: withCurrentItems(events.map(presentEvent)), lastSeq };
}

/**
 * The event a resent operation produced, with its items as they are now: a tab that resends a
 * create from its saved queue learns that the item was deleted (or edited) since, instead of
 * bringing its first state back.
 */
async function currentOutcome(sessionId: string, event: SessionEvent, viewer: { id: string; role: SessionRole }): Promise<SessionEventView> {
  const run = [presentEvent(event)];
  const reader = { id: viewer.id, facilitator: can.runSession(viewer.role) };
  for (let after = event.seq; ;) {
    const later = await sessionEventsAfter(sessionId, after, reader, CATCH_UP_LIMIT);
    run.push(...later.map(presentEvent));
    if (later.length < CATCH_UP_LIMIT) break;
    after = later.at(-1)!.seq;
  }
  return withCurrentItems(run)[0]!;
}

/** Registers the study-session messages on a connected socket. */
export function registerSessionHandlers(io: LiveServer, socket: LiveSocket): void {
  const presence = presenceOf(io);
  handle(socket, "session:join", async ({ sessionId, afterSeq }) => {
    const { session, role } = await authoriseSession(socket, sessionId);
    if (session.status === "live") await recordAttendance(sessionId, socket.data.userId);
    socket.data.roles = { ...socket.data.roles, [sessionId]: role };
    socket.data.groups = { ...socket.data.groups, [sessionId]: session.groupId };
    const rooms = [sessionRoom(sessionId), memberRoom(sessionId, socket.data.userId), groupMemberRoom(session.groupId, socket.data.userId)];
    if (can.runSession(role)) rooms.push(facilitatorsRoom(sessionId));
    // A member demoted since this socket last joined must not stay among the facilitators.
    else await socket.leave(facilitatorsRoom(sessionId));
    if (role === "guest") rooms.push(guestsRoom(sessionId));
    await socket.join(rooms);
    presence.join(socket, sessionId, role);
    log.info({ event: "session.join", sessionId, userId: socket.data.userId, afterSeq }, "member joined session room");
    const caughtUp = await catchUp(sessionId, { id: socket.data.userId, role }, afterSeq);
    // Read last, right before the reply: the room's next presence message is a change to exactly this list.
    return { sessionId, catchUp: caughtUp, presence: presence.published(sessionId) };
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
    // Guest access ends with the session: their pages reconnect and hear that it is over.
    if (status === "ended") closeGuestConnections(io, sessionId);
    return { seq };
  });

  handle(socket, "session:operation", async ({ sessionId, clientOpId, operation }) => {
    // Authorised and applied in the same transaction, committed together with the operations
    // that arrived alongside it (group commit); acknowledged and broadcast only after COMMIT.
    const applied = await sessionWrites.run(
      () =>
        applyAuthorisedOperation({
          sessionId,
          actorId: socket.data.userId,
          clientOpId,
          operation,
          // The session and the sender's role as the operation's transaction read them (only what an operation needs of the session).
          authorise: async (found) => {
            const { session, role } = await authorised(socket, found);
            return {
              session: {
                id: session.id,
                groupId: session.groupId,
                status: session.status,
                text: await versionText(session.articleVersionId),
                editionText: (editionId: string) => editionText(session.articleId, editionId),
              },
              actor: { id: socket.data.userId, name: socket.data.displayName, role },
            };
          },
        }),
      sessionId,
    );
    const { event, duplicate, told } = applied;
    const role = applied.authorised.actor.role;
    if (duplicate) return { seq: event.seq, event: await currentOutcome(sessionId, event, { id: socket.data.userId, role }) };
    const view = presentEvent(event);
    // The sender's socket hears of its change once, in the acknowledgement below; everyone else who may see it (the sender's other tabs too) by broadcast.
    io.to(audienceRooms(sessionId, event)).except(socket.id).emit("session:event", { sessionId, event: view });
    tellInboxes(io, told);
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
    socket.data.groups = {};
    presence.leaveAll(socket);
  });
}

/**
 * Closes a removed member's connections to the group's sessions, on whichever node holds them:
 * their pages are told why first (`access:changed` with no role, so they say so and stop
 * reconnecting), and joining again is refused (NOT_FOUND). This node's own sockets go first,
 * directly, so that an eviction still happens here while Redis is down.
 */
export async function evictFromGroup(io: LiveServer, groupId: string, userId: string): Promise<void> {
  const room = groupMemberRoom(groupId, userId);
  const notice = { groupId, role: null };
  io.local.to(room).emit("access:changed", notice);
  io.in(room).local.disconnectSockets(true);
  // This node's sockets are gone by now: the others hear it once, then close.
  io.to(room).emit("access:changed", notice);
  io.in(room).disconnectSockets(true);
  log.info({ event: "session.evicted", groupId, userId }, "removed member's live connections closed");
}

/** Closes every guest connection to a session that has ended; their pages reconnect and are told it is over. */
export function closeGuestConnections(io: LiveServer, sessionId: string): void {
  const room = guestsRoom(sessionId);
  io.in(room).local.disconnectSockets(true);
  io.in(room).disconnectSockets(true);
  log.info({ event: "session.guests_closed", sessionId }, "ended session's guest connections closed");
}

/**
 * A member's new role in a group, pushed to their live sockets on every node: this node
 * applies it to its own sockets at once and tells the others through the adapter.
 */
export function changeRoleLive(io: LiveServer, change: { groupId: string; userId: string; role: Role }): void {
  applyRoleChange(io, change);
  io.serverSideEmit("member:role", change);
}

/**
 * Applies a role change to this node's sockets of that member: the role cached for presence
 * and typing, the facilitators' room (left at once on a demotion, joined on a promotion), and
 * the page is told, so it reloads what its new role may see. Every operation is authorised
 * against the database anyway; this keeps the rooms and the cache in step with it.
 */
export function applyRoleChange(io: LiveServer, { groupId, userId, role }: { groupId: string; userId: string; role: Role }): void {
  const ids = io.of("/").adapter.rooms.get(groupMemberRoom(groupId, userId)) ?? new Set<string>();
  for (const id of ids) {
    const socket = io.of("/").sockets.get(id);
    if (!socket) continue;
    for (const [sessionId, sessionGroup] of Object.entries(socket.data.groups ?? {})) {
      if (sessionGroup !== groupId || !socket.data.roles[sessionId]) continue;
      socket.data.roles = { ...socket.data.roles, [sessionId]: role };
      if (can.runSession(role)) void socket.join(facilitatorsRoom(sessionId));
      else void socket.leave(facilitatorsRoom(sessionId));
    }
    // The new role shows in presence with the room's next message.
    presenceOf(io).refresh(socket);
    socket.emit("access:changed", { groupId, role });
  }
  if (ids.size > 0) log.info({ event: "session.role_changed", groupId, userId, role, sockets: ids.size }, "member's live role changed");
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
  const { [sessionId]: _group, ...otherGroups } = socket.data.groups;
  socket.data.groups = otherGroups;
  await socket.leave(sessionRoom(sessionId));
  await socket.leave(memberRoom(sessionId, socket.data.userId));
  await socket.leave(facilitatorsRoom(sessionId));
  await socket.leave(guestsRoom(sessionId));
  presenceOf(io).leave(socket, sessionId);
}
