import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { clientHandshakeSchema, MAX_MESSAGE_BYTES, OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION, SOCKET_PATH } from "../../lib/protocol";
import { log } from "../log";
import type { RedisLink } from "../redis";
import { stillLiveAuthSessions } from "../../db/auth-sessions";
import { authenticateSocket, closeAuthSessions } from "./authenticate";
import { coalesceWrites } from "./coalesce-writes";
import { answerUnknownMessages, shareFloodLimits } from "./handle";
import { originAllowed } from "./origin";
import { startPresence } from "./presence";
import { registerGuestHandlers } from "./guest-handlers";
import { applyRoleChange, registerSessionHandlers } from "./session-handlers";
import { userRoom, type LiveServer, type LiveSocket } from "./types";

/**
 * How long a cross-node request (fetchSockets for presence) waits for the other nodes. A node
 * that died has left Redis and is not waited for; this bounds the wait on one that hangs.
 */
const CROSS_NODE_TIMEOUT_MS = 2_000;

/**
 * How often a node checks that the sign-in sessions behind its open sockets still exist. Ending
 * a session closes its sockets at once through the adapter; this sweep catches an ending whose
 * message was lost (Redis briefly away).
 */
const SESSION_SWEEP_MS = 15_000;

/**
 * Attaches the live server to the HTTP server: origin check, authentication, then handlers.
 * With Redis, rooms, broadcasts, fetchSockets and evictions reach the sockets of every node,
 * and flood limits are counted across nodes.
 */
export function attachRealtime(httpServer: HttpServer, options: { authSecret: string; allowedOrigins: string[]; publicUrl?: string; redis?: RedisLink }): LiveServer {
  const { redis } = options;
  if (redis) shareFloodLimits(redis.pub);
  const io: LiveServer = new Server(httpServer, {
    ...(redis && { adapter: createAdapter(redis.pub, redis.sub, { key: "study-circle", requestsTimeout: CROSS_NODE_TIMEOUT_MS }) }),
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: (request, callback) => {
      const allowed = originAllowed(request, options.allowedOrigins);
      if (!allowed) log.warn({ event: "socket.origin_refused", origin: request.headers.origin }, "socket refused: foreign origin");
      callback(allowed ? null : "FORBIDDEN_ORIGIN", allowed);
    },
  });
  coalesceWrites(io.engine);
  // Alone, a node has no other to tell of a role change; the in-memory adapter would log a warning each time.
  if (!redis) io.of("/").adapter.serverSideEmit = () => undefined;
  const presence = startPresence(io, { shared: Boolean(redis) });
  // Closing the server ends presence too: its timers stop, and the other nodes hear this one is gone.
  const close = io.close.bind(io);
  io.close = (done) => {
    presence.close();
    return close(done);
  };
  io.use(checkProtocolVersion);
  io.use(authenticateSocket({ secret: options.authSecret, publicUrl: options.publicUrl ?? "" }));
  io.on("connection", (socket) => {
    log.debug({ event: "socket.connected", userId: socket.data.userId }, "socket connected");
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, userId: socket.data.userId });
    // The server, not the client, decides the rooms: every socket of a person hears their inbox news.
    void socket.join(userRoom(socket.data.userId));
    answerUnknownMessages(socket);
    registerSessionHandlers(io, socket);
    registerGuestHandlers(io, socket);
  });
  // A role change made on another node: applied to this node's sockets of that member.
  io.on("member:role", (change) => applyRoleChange(io, change));
  const sweep = setInterval(() => void closeEndedSessions(io), SESSION_SWEEP_MS);
  sweep.unref();
  io.engine.on("close", () => clearInterval(sweep));
  httpServer.on("close", () => clearInterval(sweep));
  return io;
}

/**
 * Refuses a page built for another protocol version before anything else: it would send
 * messages this server reads differently. The page shows "the app was updated — reload".
 */
function checkProtocolVersion(socket: LiveSocket, next: (error?: Error) => void): void {
  const parsed = clientHandshakeSchema.safeParse(socket.handshake.auth ?? {});
  const version = parsed.success ? (parsed.data.protocolVersion ?? 1) : -1;
  if (version >= OLDEST_PROTOCOL_VERSION && version <= PROTOCOL_VERSION) return next();
  log.info({ event: "socket.version_refused", clientVersion: socket.handshake.auth?.protocolVersion, serverVersion: PROTOCOL_VERSION }, "socket refused: other protocol version");
  const message =
    version > PROTOCOL_VERSION
      ? "This page is newer than the server it reached (an update is under way). Reload the page in a moment."
      : "Study Circle was updated while this page was open. Reload the page to continue.";
  next(Object.assign(new Error("CLIENT_OUTDATED"), { data: { code: "CLIENT_OUTDATED", message, details: { serverVersion: PROTOCOL_VERSION } } }));
}

/** Closes this node's sockets whose sign-in session no longer exists. */
export async function closeEndedSessions(io: LiveServer): Promise<void> {
  const open = [...new Set([...io.of("/").sockets.values()].map((socket) => socket.data.authSessionId))];
  try {
    const live = await stillLiveAuthSessions(open);
    const ended = open.filter((id) => !live.has(id));
    if (ended.length > 0) closeAuthSessions(io, ended);
  } catch (error) {
    log.warn({ event: "auth.session_sweep_failed", err: error }, "could not check open sockets' sessions");
  }
}
