import { parse } from "cookie";
import { getToken } from "next-auth/jwt";
import type { Socket } from "socket.io";
import { findUserById, type User } from "../../db/users";
import { log } from "../log";
import type { LiveSocket } from "./types";

/**
 * Socket.IO middleware: reads the same next-auth session cookie the pages use (no second
 * login, no token in the URL) and attaches the user to the socket.
 */
export function authenticateSocket(secret: string) {
  return (socket: LiveSocket, next: (error?: Error) => void): void => void admit(socket, next, secret);
}

async function admit(socket: LiveSocket, next: (error?: Error) => void, secret: string): Promise<void> {
  const userId = await userIdFromHandshake(socket, secret);
  let user: User | undefined;
  try {
    user = userId ? await findUserById(userId) : undefined;
  } catch (error) {
    log.warn({ event: "socket.authentication_failed", err: error }, "socket refused: the database did not answer");
    next(Object.assign(new Error("UNAVAILABLE"), { data: { code: "UNAVAILABLE", message: "The server cannot reach its database just now; trying again." } }));
    return;
  }
  if (!user) {
    log.info({ event: "socket.unauthenticated", address: socket.handshake.address }, "socket refused: not signed in");
    next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: "UNAUTHENTICATED", message: "Sign in to join a study session." } }));
    return;
  }
  socket.data.userId = user.id;
  socket.data.displayName = user.displayName;
  socket.data.roles = {};
  next();
}

async function userIdFromHandshake(socket: Socket, secret: string): Promise<string | null> {
  const cookies = parse(socket.handshake.headers.cookie ?? "");
  try {
    const token = await getToken({
      req: { cookies, headers: socket.handshake.headers } as never,
      secret,
    });
    return typeof token?.sub === "string" ? token.sub : null;
  } catch {
    return null;
  }
}
