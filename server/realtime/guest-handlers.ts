import { admitGuests, changeGuestSettings, guestSettings, listGuests, removeGuest, sessionGuestIds } from "../../db/guests";
import { AppError } from "../../lib/errors";
import type { GuestRoster } from "../../lib/protocol";
import { can } from "../../lib/roles";
import { log } from "../log";
import { handle } from "./handle";
import { authoriseSession } from "./session-handlers";
import { facilitatorsRoom, groupMemberRoom, sessionRoom, type LiveServer, type LiveSocket } from "./types";

/** The guest settings and every guest of a session, as its facilitators' panel shows them. */
export async function guestRoster(sessionId: string): Promise<GuestRoster> {
  const [settings, guests] = await Promise.all([guestSettings(sessionId), listGuests(sessionId)]);
  if (!settings) throw new AppError("NOT_FOUND", "This study session does not exist.");
  return { sessionId, ...settings, guests: guests.map((guest) => ({ ...guest, arrivedAt: guest.arrivedAt.getTime() })) };
}

/**
 * Tells the session's facilitators who is waiting, in or removed, and everyone in the room who
 * came as a guest (their items carry the mark). Rooms only, so the adapter carries it to every node.
 */
export async function announceGuests(io: LiveServer, sessionId: string): Promise<GuestRoster> {
  const roster = await guestRoster(sessionId);
  io.to(facilitatorsRoom(sessionId)).emit("guests:roster", roster);
  io.to(sessionRoom(sessionId)).emit("guests:marks", { sessionId, guestIds: await sessionGuestIds(sessionId) });
  return roster;
}

/** Registers the facilitators' guest messages on a connected socket: roster, settings, admit, remove. */
export function registerGuestHandlers(io: LiveServer, socket: LiveSocket): void {
  const authoriseFacilitator = async (sessionId: string) => {
    const { session, role } = await authoriseSession(socket, sessionId);
    if (!can.admitGuests(role)) throw new AppError("FORBIDDEN", "Only the group's facilitators can let guests in or remove them.");
    return session;
  };

  handle(socket, "guests:roster", async ({ sessionId }) => {
    await authoriseFacilitator(sessionId);
    return await guestRoster(sessionId);
  });

  handle(socket, "guests:settings", async ({ sessionId, allowed, admitAutomatically }) => {
    await authoriseFacilitator(sessionId);
    await changeGuestSettings(sessionId, { allowed, admitAutomatically });
    return await announceGuests(io, sessionId);
  });

  handle(socket, "guests:admit", async ({ sessionId, userId }) => {
    await authoriseFacilitator(sessionId);
    await admitGuests(sessionId, userId);
    return await announceGuests(io, sessionId);
  });

  handle(socket, "guests:remove", async ({ sessionId, userId }) => {
    const session = await authoriseFacilitator(sessionId);
    await removeGuest(sessionId, userId);
    // At once, on whichever node holds them: their pages reconnect and hear they were removed.
    const room = groupMemberRoom(session.groupId, userId);
    io.in(room).local.disconnectSockets(true);
    io.in(room).disconnectSockets(true);
    log.info({ event: "session.guest_removed", sessionId, userId, by: socket.data.userId }, "guest removed");
    return await announceGuests(io, sessionId);
  });
}
