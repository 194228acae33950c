"use client";

import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import { unpackLayer, type PackedLayer } from "@/lib/annotations/compact-layer";
import { INBOX_NEWS_EVENT } from "@/lib/inbox/kinds";
import {
  applyEvent,
  applyEvents,
  closedRoom,
  layerFromSnapshot,
  visibleLayer,
  withAnnotationLayer,
  type LayerState,
  type PendingOperation,
  type Viewer,
} from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import type { Ack, CatchUp, ClientToServerEvents, GuestRoster, Operation, ServerToClientEvents, SessionEventView, Snapshot } from "@/lib/protocol";
import { PROTOCOL_VERSION, SOCKET_PATH } from "@/lib/protocol-constants";
import type { SessionStatusName } from "@/lib/session-status";
import { forgetOfflineSession, forgetWhatTheRoleShowed, OfflineStore } from "./offline-store";
import { checkOperation, loadOperationCheck } from "./operation-check";
import { PresenceStore } from "./presence-store";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Where the live connection stands, as the member sees it. */
export type ConnectionState = "connecting" | "online" | "offline" | "refused";

const ACK_TIMEOUT_MS = 15_000;
const RETRY_DELAY_MS = 3_000;
/** After this long without a keystroke, the member no longer shows as typing. */
const TYPING_PAUSE_MS = 5_000;
/** Refusals that say "not now" rather than "no": the change stays queued and is sent again later. */
const RETRIED_CODES = new Set<ErrorBody["code"]>(["RATE_LIMITED", "UNAVAILABLE"]);
/** A session's own address (the session page, or its projector, review and layer under it). */
const SESSION_PATH = /^\/groups\/[^/]+\/sessions\/[^/]+/;
/** Refusals of the connection itself that reconnecting cannot cure: the page says why and stops. */
const FINAL_CODES = new Set<ErrorBody["code"]>(["UNAUTHENTICATED", "CLIENT_OUTDATED"]);

/** Creates an id for an operation or a new annotation, unique in practice. */
export function newId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

type Options = {
  sessionId: string;
  viewer: Viewer;
  initialStatus: SessionStatusName;
  /** The session as the page was rendered; without its annotation layer when `layerHref` says where to fetch it. */
  initialSnapshot: Snapshot;
  layerHref?: string;
  initialGuestIds?: string[];
};

/** The facilitators' guest messages, each answered with the session's guest roster. */
export type GuestCommand =
  | { name: "guests:roster"; payload: Record<string, never> }
  | { name: "guests:settings"; payload: { allowed?: boolean; admitAutomatically?: boolean } }
  | { name: "guests:admit"; payload: { userId: string | null } }
  | { name: "guests:remove"; payload: { userId: string } };

/**
 * The one Socket.IO client hook of a study session. It connects with the page's own session
 * cookie, joins the room (again after every reconnect, catching up from the last event seen),
 * keeps presence and status current, and owns the annotation layer: fetched once the page is
 * on screen, then kept current by events; operations are shown at once, queued (surviving
 * reloads), sent in order, and settled by the server's acknowledgement.
 */
export function useLiveSession({ sessionId, viewer, initialStatus, initialSnapshot, layerHref, initialGuestIds = [] }: Options) {
  const socketRef = useRef<LiveSocket | null>(null);
  const store = useMemo(() => new OfflineStore(sessionId, viewer.id), [sessionId, viewer.id]);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  // Presence lives outside React state: a member moving re-renders the avatars, not the session.
  const presence = useMemo(() => new PresenceStore(viewer.id), [viewer.id]);
  const [status, setStatusState] = useState(initialStatus);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [notice, setNotice] = useState<ErrorBody | null>(null);
  const [layer, setLayer] = useState<LayerState>(() => layerFromSnapshot(initialSnapshot));
  const [pending, setPending] = useState<PendingOperation[]>([]);
  const [guestIds, setGuestIds] = useState(initialGuestIds);
  const [guestRoster, setGuestRoster] = useState<GuestRoster | null>(null);
  // The annotation layer is on screen: from the server, or as this device saw it last (offline).
  const [layerShown, setLayerShown] = useState(!layerHref);
  const layerRef = useRef(layer);
  const layerFetched = useRef(!layerHref);
  const layerFetching = useRef(false);
  const seenShown = useRef(false);
  const pendingRef = useRef(pending);
  const inFlight = useRef<string | null>(null);
  // Typing is told when it starts and when it stops (after a pause too), not on every keystroke:
  // each message spends one of the member's flood allowance.
  const typingSent = useRef(false);
  const typingPause = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The paragraph last shared, told again after every join (a join starts with none).
  const reading = useRef<string | null>(null);
  /** Events broadcast while a join is being answered: a snapshot in its answer does not hold them yet. */
  const duringJoin = useRef<SessionEventView[] | null>(null);

  const updateLayer = useCallback((change: (state: LayerState) => LayerState) => {
    layerRef.current = change(layerRef.current);
    setLayer(layerRef.current);
  }, []);

  const updatePending = useCallback(
    (change: (queue: PendingOperation[]) => PendingOperation[]) => {
      pendingRef.current = change(pendingRef.current);
      store.saveQueue(pendingRef.current);
      setPending(pendingRef.current);
    },
    [store],
  );

  const receive = useCallback(
    (event: SessionEventView) => {
      duringJoin.current?.push(event);
      updateLayer((state) => applyEvent(state, event));
      if (event.status) setStatusState(event.status);
    },
    [updateLayer],
  );

  /** Sends the oldest queued operation; the next one goes when this one is settled. */
  const flush = useCallback(() => {
    const socket = socketRef.current;
    const next = pendingRef.current[0];
    if (!socket?.connected || !next || inFlight.current) return;
    inFlight.current = next.clientOpId;
    socket.timeout(ACK_TIMEOUT_MS).emit("session:operation", { sessionId, clientOpId: next.clientOpId, operation: next.operation }, (timedOut, reply) => {
      inFlight.current = null;
      if (timedOut) {
        setTimeout(flush, RETRY_DELAY_MS);
        return;
      }
      if (!reply.ok && RETRIED_CODES.has(reply.error.code)) {
        setTimeout(flush, RETRY_DELAY_MS);
        return;
      }
      updatePending((queue) => queue.filter((item) => item.clientOpId !== next.clientOpId));
      if (reply.ok) receive(reply.data.event);
      else setNotice(reply.error);
      flush();
    });
  }, [receive, sessionId, updatePending]);

  const applyCatchUp = useCallback(
    (catchUp: CatchUp) => {
      const meanwhile = duringJoin.current ?? [];
      duringJoin.current = null;
      if (catchUp.kind === "snapshot") {
        updateLayer(() => applyEvents(layerFromSnapshot(catchUp.snapshot), meanwhile));
        layerFetched.current = true;
        setLayerShown(true);
        return;
      }
      updateLayer((state) => applyEvents(state, catchUp.events));
      const lastStatus = catchUp.events.findLast((event) => event.status)?.status;
      if (lastStatus) setStatusState(lastStatus);
    },
    [updateLayer],
  );

  /** Fetches the annotation layer (once it arrives, events keep it current); offline, shows what this device saw last. */
  const fetchLayer = useCallback(async () => {
    if (!layerHref || layerFetched.current || layerFetching.current) return;
    layerFetching.current = true;
    try {
      const response = await fetch(layerHref, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(`layer: ${response.status}`);
      const layer = unpackLayer((await response.json()) as PackedLayer);
      layerFetched.current = true;
      // A transition: React renders the whole layer in slices, so the page stays responsive while it arrives.
      startTransition(() => {
        updateLayer((state) => withAnnotationLayer(state, layer));
        setLayerShown(true);
      });
    } catch {
      // Connected but refused (the server restarting, say): try again shortly. Offline, the next join fetches it.
      if (socketRef.current?.connected) setTimeout(() => void fetchLayer(), RETRY_DELAY_MS);
      if (seenShown.current) return;
      const seen = await store.loadSeen();
      if (layerFetched.current || !seen) return;
      seenShown.current = true;
      // A copy newer than the page (a cached page reloaded offline) replaces it; an older one only adds its layer.
      updateLayer((state) =>
        seen.lastSeq >= state.lastSeq ? seen : withAnnotationLayer(state, { annotations: Object.values(seen.annotations), replies: Object.values(seen.replies) }),
      );
      setLayerShown(true);
    } finally {
      layerFetching.current = false;
    }
  }, [layerHref, store, updateLayer]);

  useEffect(() => {
    pendingRef.current = store.loadQueue();
    setPending(pendingRef.current);
    void fetchLayer();
    let socket: LiveSocket | null = null;
    let closed = false;
    let removed = false;
    // `fresh` asks for a whole snapshot: after a role change, what this member may see changed too.
    const join = (fresh = false) => {
      if (!socket?.connected || removed) return;
      inFlight.current = null;
      // A new join starts with nothing shared: no paragraph, not typing.
      typingSent.current = false;
      duringJoin.current = [];
      const joined = socket;
      joined.emit("session:join", { sessionId, afterSeq: fresh ? undefined : layerRef.current.lastSeq }, (reply) => {
        if (!reply.ok && RETRIED_CODES.has(reply.error.code)) {
          setConnection("offline");
          setTimeout(join, RETRY_DELAY_MS);
          return;
        }
        if (!reply.ok) {
          setError(reply.error);
          setConnection("refused");
          return;
        }
        setError(null);
        setConnection("online");
        presence.reset(reply.data.presence);
        if (reading.current) joined.emit("presence:reading", { sessionId, blockId: reading.current }, () => undefined);
        applyCatchUp(reply.data.catchUp);
        flush();
        // The layer could not be fetched before (offline, or the server away): now it can.
        void fetchLayer();
      });
    };
    // Socket.IO's client is loaded here, after the page's first render, not with the page's
    // script: the page starts (and is drawn, and answers) without waiting for it. Offline, with
    // the script never kept by the service worker, the page says so and tries again once online.
    const open = () => {
      import("socket.io-client").then(
        ({ io }) => {
          if (closed || socket) return;
          socket = io({ path: SOCKET_PATH, withCredentials: true, transports: ["websocket", "polling"], auth: { protocolVersion: PROTOCOL_VERSION } });
          socketRef.current = socket;
          listen(socket);
        },
        () => {
          if (closed) return;
          setConnection("offline");
          loadOperationCheck();
        },
      );
    };
    const listen = (socket: LiveSocket) => {
      socket.on("connect", () => join());
      socket.on("disconnect", (reason) => {
        inFlight.current = null;
        // The next connection's room (on another node, perhaps) numbers its people its own way.
        presence.hold();
        if (removed) return;
        setConnection("offline");
        // Changes made from now on wait in the outbox: check them here, as the server cannot yet.
        loadOperationCheck();
        // The one time the whole state is written: what a reload without a network will show.
        if (layerFetched.current) void store.saveSeen(layerRef.current);
        // The server closed this connection on purpose (say, the member's sign-in ended):
        // Socket.IO does not reconnect by itself then. Reconnecting lets the join say why.
        if (reason === "io server disconnect") socket.connect();
      });
      socket.on("access:changed", (change) => {
        const sessionPath = SESSION_PATH.exec(window.location.pathname)?.[0] ?? window.location.pathname;
        if (change.role) {
          void forgetWhatTheRoleShowed(store, sessionPath);
          return join(true);
        }
        // Removed from the group: the server closes the connection next; the page says why.
        removed = true;
        void forgetOfflineSession(store, sessionPath);
        setError({ code: "REMOVED_FROM_GROUP", message: "You are no longer a member of this group." });
        setConnection("refused");
      });
      socket.on("refused", (refusal) => setNotice(refusal.error));
      socket.on("connect_error", (cause) => {
        const data = (cause as { data?: ErrorBody }).data;
        if (data && FINAL_CODES.has(data.code)) {
          setError(data);
          setConnection("refused");
          return;
        }
        setConnection("offline");
        loadOperationCheck();
        // A refusal by the server's handshake (its database away) ends Socket.IO's own retries.
        if (data?.code === "UNAVAILABLE") setTimeout(() => socket.connect(), RETRY_DELAY_MS);
      });
      socket.on("presence", ({ sessionId: about, ...changes }) => {
        if (about === sessionId) presence.apply(changes);
      });
      socket.on("session:status", (change) => {
        if (change.sessionId === sessionId) setStatusState(change.status);
      });
      socket.on("session:event", (message) => {
        if (message.sessionId === sessionId) receive(message.event);
      });
      socket.on("inbox:new", (news) => window.dispatchEvent(new CustomEvent(INBOX_NEWS_EVENT, { detail: news })));
      socket.on("guests:marks", (message) => {
        if (message.sessionId === sessionId) setGuestIds(message.guestIds);
      });
      socket.on("guests:roster", (roster) => {
        if (roster.sessionId === sessionId) setGuestRoster(roster);
      });
    };
    open();
    // The browser knows before the socket does when the network is gone (and when it is back).
    const goOffline = () => socket?.disconnect();
    const goOnline = () => (socket ? socket.connect() : open());
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    return () => {
      closed = true;
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      socket?.removeAllListeners();
      socket?.disconnect();
      socketRef.current = null;
    };
  }, [applyCatchUp, fetchLayer, flush, presence, receive, sessionId, store]);

  /** Makes a change: shown at once, queued (surviving reloads), sent when connected. */
  const submit = useCallback(
    (operation: Operation): ErrorBody | null => {
      const message = { sessionId, clientOpId: newId(), operation };
      loadOperationCheck();
      const refused = checkOperation(message);
      if (refused) return refused;
      updatePending((queue) => [...queue, { clientOpId: message.clientOpId, operation, createdAt: Date.now() }]);
      flush();
      return null;
    },
    [flush, sessionId, updatePending],
  );

  const setStatus = useCallback(
    (next: "live" | "ended") =>
      new Promise<ErrorBody | null>((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) return resolve({ code: "INTERNAL", message: "You are offline." });
        socket.timeout(ACK_TIMEOUT_MS).emit("session:setStatus", { sessionId, status: next, clientOpId: newId() }, (timedOut, reply) => {
          if (timedOut) return resolve({ code: "INTERNAL", message: "The server did not answer in time." });
          if (!reply.ok) return resolve(reply.error);
          setStatusState(next);
          resolve(null);
        });
      }),
    [sessionId],
  );

  const shareReading = useCallback(
    (blockId: string | null) => {
      reading.current = blockId;
      const socket = socketRef.current;
      if (socket?.connected) socket.emit("presence:reading", { sessionId, blockId }, () => undefined);
    },
    [sessionId],
  );

  const setTyping = useCallback(
    (isTyping: boolean) => {
      if (typingPause.current) clearTimeout(typingPause.current);
      typingPause.current = isTyping ? setTimeout(() => setTyping(false), TYPING_PAUSE_MS) : null;
      const socket = socketRef.current;
      if (typingSent.current === isTyping || !socket?.connected) return;
      typingSent.current = isTyping;
      socket.emit("presence:typing", { sessionId, typing: isTyping }, () => undefined);
    },
    [sessionId],
  );

  /** Sends a facilitator's guest message; the roster it answers with replaces the one shown. */
  const guestCommand = useCallback(
    (command: GuestCommand) =>
      new Promise<ErrorBody | null>((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) return resolve({ code: "UNAVAILABLE", message: "You are offline." });
        const settle = (timedOut: Error | null, reply: Ack<GuestRoster>) => {
          if (timedOut) return resolve({ code: "UNAVAILABLE", message: "The server did not answer in time." });
          if (!reply.ok) return resolve(reply.error);
          setGuestRoster(reply.data);
          resolve(null);
        };
        const timed = socket.timeout(ACK_TIMEOUT_MS);
        if (command.name === "guests:roster") timed.emit("guests:roster", { sessionId }, settle);
        else if (command.name === "guests:settings") timed.emit("guests:settings", { sessionId, ...command.payload }, settle);
        else if (command.name === "guests:admit") timed.emit("guests:admit", { sessionId, ...command.payload }, settle);
        else timed.emit("guests:remove", { sessionId, ...command.payload }, settle);
      }),
    [sessionId],
  );

  const visible = useMemo(() => {
    const shown = visibleLayer(layer, pending, viewer);
    return status === "ended" ? { ...shown, room: closedRoom(shown.room) } : shown;
  }, [layer, pending, viewer, status]);

  return {
    connection,
    presence,
    status,
    error,
    notice,
    dismissNotice: () => setNotice(null),
    ...visible,
    guestIds,
    guestRoster,
    guestCommand,
    pendingCount: pending.length,
    layerShown,
    submit,
    setStatus,
    shareReading,
    setTyping,
  };
}

/** Everything a session page gets from the live connection. */
export type LiveSession = ReturnType<typeof useLiveSession>;
