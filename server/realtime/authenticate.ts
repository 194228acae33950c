import { parse } from "cookie";
import { getToken } from "next-auth/jwt";
import type { Socket } from "socket.io";
import { liveAuthSession } from "../../db/auth-sessions";
import { findUserById, type User } from "../../db/users";
import { sessionCookie } from "../accounts/session-cookie";
import { log } from "../log";
import { authSessionRoom, type LiveServer, type LiveSocket } from "./types";

/** A cookie's account and the server-side session it stands for. */
type SignedIn = { userId: string; sessionId: string };

/**
 * Socket.IO middleware: reads the same next-auth session cookie the pages use (no second
 * login, no token in the URL), checks that its server-side session has not been ended, and
 * attaches the user to the socket.
 */
export function authenticateSocket(options: { secret: string; publicUrl: string }) {
  const cookieName = sessionCookie(options.publicUrl).name;
  return (socket: LiveSocket, next: (error?: Error) => void): void => void admit(socket, next, options.secret, cookieName);
}

async function admit(socket: LiveSocket, next: (error?: Error) => void, secret: string, cookieName: string): Promise<void> {
  const signedIn = await cookieSession(socket, secret, cookieName);
  let user: User | undefined;
  try {
    const holder = signedIn ? await liveAuthSession(signedIn.sessionId) : undefined;
    user = holder && holder.userId === signedIn?.userId ? await findUserById(signedIn.userId) : undefined;
  } catch (error) {
    log.warn({ event: "socket.authentication_failed", err: error }, "socket refused: the database did not answer");
    next(Object.assign(new Error("UNAVAILABLE"), { data: { code: "UNAVAILABLE", message: "The server cannot reach its database just now; trying again." } }));
    return;
  }
  if (!user || !signedIn) {
    log.info({ event: "socket.unauthenticated", address: socket.handshake.address }, "socket refused: not signed in");
    next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: "UNAUTHENTICATED", message: "Sign in to join a study session." } }));
    return;
  }
  socket.data.userId = user.id;
  socket.data.authSessionId = signedIn.sessionId;
  socket.data.displayName = user.displayName;
  socket.data.roles = {};
  socket.data.groups = {};
  // Joined before the connection is accepted, so an ending that comes in meanwhile still reaches it.
  await socket.join(authSessionRoom(signedIn.sessionId));
  next();
}

async function cookieSession(socket: Socket, secret: string, cookieName: string): Promise<SignedIn | null> {
  const cookies = parse(socket.handshake.headers.cookie ?? "");
  try {
    const token = await getToken({ req: { cookies, headers: socket.handshake.headers } as never, secret, cookieName });
    return typeof token?.sub === "string" && typeof token.sid === "string" ? { userId: token.sub, sessionId: token.sid } : null;
  } catch {
    return null;
  }
}

/** Closes every live connection opened under these sign-in sessions, on this node at once and on the others through the adapter. */
export function closeAuthSessions(io: LiveServer, authSessionIds: string[]): void {
  if (authSessionIds.length === 0) return;
  const rooms = authSessionIds.map(authSessionRoom);
  io.in(rooms).local.disconnectSockets(true);
  io.in(rooms).disconnectSockets(true);
  log.info({ event: "auth.sessions_closed", count: authSessionIds.length }, "ended sessions' live connections closed");
}
