import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { createArticle } from "../../db/articles";
import { addMember, createGroup } from "../../db/groups";
import { scheduleSession } from "../../db/study-sessions";
import type { Block } from "../../lib/article/blocks";
import { PROTOCOL_VERSION, SOCKET_PATH, type Ack } from "../../lib/protocol";
import { sessionCookieFor } from "../accounts/test-cookie";
import type { RedisLink } from "../redis";
import { attachRealtime } from "./index";
import type { LiveServer } from "./types";

/**
 * The live server as a browser meets it, for tests: a real HTTP server with Socket.IO attached
 * (on Redis when given, as one of several nodes), and real socket.io-client connections
 * carrying next-auth session cookies.
 */
export const testSecret = "live-test-secret-that-is-long-enough-0123456789";
export const testOrigin = "http://circle.test";

/** One live node listening on a free loopback port. */
export type LiveNode = { io: LiveServer; url: string; close: () => Promise<void> };

/** Starts a live node; with `redis`, it shares rooms and broadcasts with the other nodes on it. */
export async function startLiveNode(redis?: RedisLink): Promise<LiveNode> {
  const httpServer: HttpServer = createServer();
  const io = attachRealtime(httpServer, { authSecret: testSecret, allowedOrigins: [testOrigin], redis });
  await redis?.subscribed(5_000);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  return {
    io,
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

/** The session cookie a signed-in person's browser sends (with its server-side sign-in session). */
export async function cookieFor(userId: string): Promise<string> {
  return sessionCookieFor(userId, testSecret);
}

/** Opens a socket the way the page does; resolves once connected or refused. */
export async function openSocket(
  url: string,
  options: { cookie?: string; auth?: Record<string, unknown>; reconnection?: boolean },
): Promise<{ socket: Socket; error?: Error & { data?: { code: string; message: string } } }> {
  const socket = connect(url, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    reconnection: options.reconnection ?? false,
    forceNew: true,
    auth: options.auth ?? { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { ...(options.cookie ? { cookie: options.cookie } : {}), origin: testOrigin },
  });
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

/** A connected socket of a signed-in person. */
export async function signedInSocket(url: string, userId: string): Promise<Socket> {
  const { socket, error } = await openSocket(url, { cookie: await cookieFor(userId) });
  if (error) throw error;
  return socket;
}

/** Sends a message and waits for its acknowledgement. */
export function send<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/**
 * The next message of a kind that passes `accept`, or undefined after `within` ms. Waiting for a
 * message that must come, leave `within` long (a loaded machine delays it, and a timeout is a
 * false failure); asserting that none comes, pass a short one.
 */
export function nextMessage<T>(socket: Socket, event: string, within = 10_000, accept: (message: T) => boolean = () => true): Promise<T | undefined> {
  return new Promise((resolve) => {
    const listener = (message: T) => {
      if (!accept(message)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(message);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      resolve(undefined);
    }, within);
    socket.on(event, listener);
  });
}

/** A group owned by `ownerId` with the given members, and a planned session on an article of these blocks. */
export async function sessionInNewGroup(
  ownerId: string,
  members: [string, "member" | "facilitator"][],
  blocks: Block[] = [{ id: "b1", type: "paragraph", text: "Text." }],
): Promise<{ groupId: string; sessionId: string }> {
  const groupId = (await createGroup({ name: "G", description: "", ownerId })).id;
  for (const [userId, role] of members) await addMember(groupId, userId, role);
  const articleId = (await createArticle({ groupId, title: "A", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: ownerId })).id;
  const sessionId = (await scheduleSession({ groupId, articleId, title: "S", scheduledAt: new Date(), createdBy: ownerId })).id;
  return { groupId, sessionId };
}
