import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, SOCKET_PATH } from "../../lib/protocol";
import { log } from "../log";
import type { RedisLink } from "../redis";
import { authenticateSocket } from "./authenticate";
import { shareFloodLimits } from "./handle";
import { originAllowed } from "./origin";
import { startPresence } from "./presence";
import { registerSessionHandlers } from "./session-handlers";
import type { LiveServer } from "./types";

/**
 * How long a cross-node request (fetchSockets for presence) waits for the other nodes. A node
 * that died has left Redis and is not waited for; this bounds the wait on one that hangs.
 */
const CROSS_NODE_TIMEOUT_MS = 2_000;

/**
 * Attaches the live server to the HTTP server: origin check, authentication, then handlers.
 * With Redis, rooms, broadcasts, fetchSockets and evictions reach the sockets of every node,
 * and flood limits are counted across nodes.
 */
export function attachRealtime(httpServer: HttpServer, options: { authSecret: string; allowedOrigins: string[]; redis?: RedisLink }): LiveServer {
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
  const presence = startPresence(io, { shared: Boolean(redis) });
  // Closing the server ends presence too: its timers stop, and the other nodes hear this one is gone.
  const close = io.close.bind(io);
  io.close = (done) => {
    presence.close();
    return close(done);
  };
  io.use(authenticateSocket(options.authSecret));
  io.on("connection", (socket) => {
    log.debug({ event: "socket.connected", userId: socket.data.userId }, "socket connected");
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, userId: socket.data.userId });
    registerSessionHandlers(io, socket);
  });
  return io;
}
