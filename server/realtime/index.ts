import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, SOCKET_PATH } from "../../lib/protocol";
import { log } from "../log";
import { authenticateSocket } from "./authenticate";
import { originAllowed } from "./origin";
import { registerSessionHandlers } from "./session-handlers";
import type { LiveServer } from "./types";

/** Attaches the live server to the HTTP server: origin check, authentication, then handlers. */
export function attachRealtime(httpServer: HttpServer, options: { authSecret: string; allowedOrigins: string[] }): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: (request, callback) => {
      const allowed = originAllowed(request, options.allowedOrigins);
      if (!allowed) log.warn({ event: "socket.origin_refused", origin: request.headers.origin }, "socket refused: foreign origin");
      callback(allowed ? null : "FORBIDDEN_ORIGIN", allowed);
    },
  });
  io.use(authenticateSocket(options.authSecret));
  io.on("connection", (socket) => {
    log.debug({ event: "socket.connected", userId: socket.data.userId }, "socket connected");
    socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, userId: socket.data.userId });
    registerSessionHandlers(io, socket);
  });
  return io;
}
