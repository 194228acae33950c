"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ErrorBody } from "@/lib/errors";
import { SOCKET_PATH, type Ack, type ClientToServerEvents, type PresentMember, type ServerToClientEvents } from "@/lib/protocol";
import type { SessionStatusName } from "@/lib/session-status";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where the live connection stands, as the member sees it. */
export type ConnectionState = "connecting" | "online" | "offline" | "refused";

/** What a session page knows live: connection, who is here, the session's status. */
export type LiveSession = {
  connection: ConnectionState;
  members: PresentMember[];
  status: SessionStatusName;
  error: ErrorBody | null;
  setStatus: (status: "live" | "ended") => Promise<ErrorBody | null>;
};

/** Creates an operation id that is unique per session in practice. */
export function newClientOpId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * The one Socket.IO client hook: connects with the page's own session cookie, joins the
 * study session's room (again after every reconnect) and keeps presence and status current.
 */
export function useLiveSession(sessionId: string, initialStatus: SessionStatusName): LiveSession {
  const socketRef = useRef<LiveSocket | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [members, setMembers] = useState<PresentMember[]>([]);
  const [status, setStatusState] = useState(initialStatus);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    const socket: LiveSocket = io({ path: SOCKET_PATH, withCredentials: true, transports: ["websocket", "polling"] });
    socketRef.current = socket;
    const join = () => {
      socket.emit("session:join", { sessionId }, (reply: Ack<{ members: PresentMember[] }>) => {
        if (!reply.ok) {
          setError(reply.error);
          setConnection("refused");
          return;
        }
        setError(null);
        setConnection("online");
        setMembers(reply.data.members);
      });
    };
    socket.on("connect", join);
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("connect_error", (cause) => {
      const data = (cause as { data?: ErrorBody }).data;
      if (data?.code === "UNAUTHENTICATED") {
        setError(data);
        setConnection("refused");
        return;
      }
      setConnection("offline");
    });
    socket.on("presence", (presence) => {
      if (presence.sessionId === sessionId) setMembers(presence.members);
    });
    socket.on("session:status", (change) => {
      if (change.sessionId === sessionId) setStatusState(change.status);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [sessionId]);

  const setStatus = useCallback(
    (next: "live" | "ended") =>
      new Promise<ErrorBody | null>((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) {
          resolve({ code: "INTERNAL", message: "You are offline." });
          return;
        }
        socket.timeout(10_000).emit("session:setStatus", { sessionId, status: next, clientOpId: newClientOpId() }, (timeout, reply) => {
          if (timeout) return resolve({ code: "INTERNAL", message: "The server did not answer in time." });
          if (!reply.ok) return resolve(reply.error);
          setStatusState(next);
          resolve(null);
        });
      }),
    [sessionId],
  );

  return { connection, members, status, error, setStatus };
}
