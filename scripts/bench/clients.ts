import { io, type Socket } from "socket.io-client";
import { annotationKinds } from "../../lib/annotations/kinds";
import type { TextTarget } from "../../lib/anchoring/selectors";
import { PROTOCOL_VERSION, SOCKET_PATH, type Ack, type ClientToServerEvents, type Operation, type ServerToClientEvents, type SessionEventMessage } from "../../lib/protocol";
import type { BareClientToServer, BareServerToClient } from "./bare-protocol";
import type { Member } from "./bench-data";
import { FloodBudget } from "./flood-budget";
import type { ServerProcess } from "./servers";

/** What a join brought back: how many missed events (or snapshot items) and the room's last sequence number. */
export type Joined = { caughtUp: number; lastSeq: number; kind: "events" | "snapshot" };

/** One simulated member's connection, the same shape for Study Circle and for the bare server. */
export interface BenchClient {
  readonly member: Member;
  /** Enters a room; `afterSeq` asks for what was missed after it. */
  join(room: string, afterSeq?: number): Promise<Joined>;
  /** Sends one change (an annotation for Study Circle, a relayed message for bare) and resolves with its sequence number. */
  send(room: string, opId: string): Promise<number>;
  /** Calls `listener` with the id of each change this member receives (replacing the previous listener). */
  onDelivery(listener: ((opId: string) => void) | null): void;
  /** Shares the paragraph this member is reading (Study Circle: `presence:reading`; bare: relayed to the room). */
  read(room: string, blockId: string): Promise<void>;
  /** Says this member started or stopped typing (Study Circle: `presence:typing`; bare: relayed to the room). */
  type(room: string, typing: boolean): Promise<void>;
  /** Bytes this member's socket has received so far (Engine.IO message payloads, acks included), or only those of one event. */
  bytesIn(event?: string): number;
  close(): void;
}

/** A server under test, as the scenarios see it. */
export type Target = {
  server: ServerProcess;
  /** Whose flood limit the scenarios must respect. */
  budget: FloodBudget;
  connect(member: Member): Promise<BenchClient>;
};

/** Thrown when the server refuses a message; the code is counted in the report. */
export class RefusedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const ACK_TIMEOUT_MS = 60_000;

/** When any benchmark socket last received anything, to wait for bursts (presence after joins) to pass. */
let lastIncomingAt = 0;

/** Waits until no socket has received anything for `quietMs` (at most `timeoutMs`). */
export async function quiet(quietMs = 300, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() - lastIncomingAt < quietMs && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A socket and the bytes it has received so far (in all, or of one event). */
type Counted = { socket: Socket; bytesIn: (event?: string) => number };

/** Connects with socket.io-client over WebSocket, sending the session cookie and Origin as a browser would. */
function openSocket(server: ServerProcess, member: Member): Promise<Counted> {
  const socket = io(server.url, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    extraHeaders: { Cookie: member.cookie, Origin: server.url },
    auth: { protocolVersion: PROTOCOL_VERSION },
    reconnection: false,
    forceNew: true,
    timeout: 60_000,
  });
  socket.onAny(() => {
    lastIncomingAt = performance.now();
  });
  let bytes = 0;
  const byEvent = new Map<string, number>();
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      // Every Engine.IO message packet (events and acks alike), as the server wrote it.
      socket.io.engine.on("data", (data: unknown) => {
        const size = typeof data === "string" ? Buffer.byteLength(data) : (data as ArrayBuffer).byteLength;
        bytes += size;
        // A Socket.IO event reads `2["name",…]` (Engine.IO's message type already taken off); acknowledgements (`3…`) have no name.
        if (typeof data === "string" && data.startsWith('2["')) {
          const event = data.slice(3, data.indexOf('"', 3));
          byEvent.set(event, (byEvent.get(event) ?? 0) + size);
        }
      });
      resolve({ socket, bytesIn: (event) => (event === undefined ? bytes : (byEvent.get(event) ?? 0)) });
    });
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

function unwrap<T>(error: Error | null, reply: Ack<T> | undefined): T {
  if (error) throw new RefusedError("TIMEOUT");
  if (!reply?.ok) throw new RefusedError(reply?.error.code ?? "NO_REPLY");
  return reply.data;
}

/** The comment every benchmark annotation carries (short Markdown, rendered by the server). */
function commentBody(count: number): string {
  return `Point ${count}: this **matters** because the _context_ changes how we read it.`;
}

/** A longer comment, as people write when they discuss (about 400 characters of Markdown). */
function discussionBody(count: number): string {
  return `${commentBody(count)} I think the author is arguing two things at once here: that the _reading room_ was a place of **shared attention**, and that it stopped being one once people read alone. The second does not follow from the first, and the examples in the next paragraph (the union hall, the library) point the other way.`;
}

/**
 * What a Study Circle bench member sends: "annotations", each change an `annotation.create`
 * with a short comment; or "comments", a comment-heavy mix — of every ten changes five are
 * annotations with a longer comment, three replies to the member's latest annotation and two
 * messages in the discussion thread.
 */
export type OperationMix = "annotations" | "comments";

/** The `count`th change of a mix: what it is and its comment (the same for Study Circle and the bare relay). */
function mixChange(mix: OperationMix, count: number, hasAnnotation: boolean): { kind: "annotation" | "reply" | "message"; body: string } {
  if (mix === "annotations") return { kind: "annotation", body: commentBody(count) };
  const slot = count % 10;
  const kind = slot >= 5 && slot < 8 && hasAnnotation ? "reply" : slot >= 8 ? "message" : "annotation";
  return { kind, body: discussionBody(count) };
}

/** Study Circle: the real protocol, each change identified by its client op id (also the new item's id). */
export function studyCircleTarget(server: ServerProcess, passages: readonly TextTarget[], mix: OperationMix = "annotations"): Target {
  let count = 0;
  const operation = (opId: string, latestAnnotation: string | undefined): Operation => {
    count += 1;
    const { kind, body } = mixChange(mix, count, latestAnnotation !== undefined);
    if (kind === "reply") return { type: "reply.create", replyId: opId, annotationId: latestAnnotation!, body };
    if (kind === "message") return { type: "message.create", messageId: opId, parentId: null, body, quote: null };
    const { start, end, exact } = passages[count % passages.length]!;
    return { type: "annotation.create", annotationId: opId, kind: annotationKinds[count % annotationKinds.length]!, visibility: "shared", passage: { start, end, exact }, body };
  };
  return {
    server,
    budget: FloodBudget.forStudyCircle(),
    async connect(member) {
      const opened = await openSocket(server, member);
      const socket = opened.socket as unknown as Socket<ServerToClientEvents, ClientToServerEvents>;
      let listener: ((opId: string) => void) | null = null;
      const latestAnnotation = new Map<string, string>();
      socket.on("session:event", (message) => {
        const id = message.event.annotation?.id;
        if (id && listener) listener(id);
      });
      return {
        member,
        join: (room, afterSeq) =>
          new Promise((resolve, reject) => {
            socket.timeout(ACK_TIMEOUT_MS).emit("session:join", { sessionId: room, ...(afterSeq !== undefined && { afterSeq }) }, (error, reply) => {
              try {
                const { catchUp } = unwrap(error, reply);
                resolve(
                  catchUp.kind === "events"
                    ? { kind: "events", caughtUp: catchUp.events.length, lastSeq: catchUp.lastSeq }
                    : { kind: "snapshot", caughtUp: catchUp.snapshot.annotations.length, lastSeq: catchUp.snapshot.lastSeq },
                );
              } catch (refused) {
                reject(refused);
              }
            });
          }),
        send: (room, opId) =>
          new Promise((resolve, reject) => {
            const sent = operation(opId, latestAnnotation.get(room));
            socket.timeout(ACK_TIMEOUT_MS).emit("session:operation", { sessionId: room, clientOpId: opId, operation: sent }, (error, reply) => {
              try {
                const { seq, event } = unwrap(error, reply);
                if (sent.type === "annotation.create") latestAnnotation.set(room, sent.annotationId);
                // The sender receives its change in the acknowledgement, the others by broadcast.
                if (event.annotation && listener) listener(event.annotation.id);
                resolve(seq);
              } catch (refused) {
                reject(refused);
              }
            });
          }),
        onDelivery: (next) => {
          listener = next;
        },
        read: (room, blockId) =>
          new Promise((resolve, reject) => {
            socket.timeout(ACK_TIMEOUT_MS).emit("presence:reading", { sessionId: room, blockId }, (error, reply) => {
              try {
                resolve(void unwrap(error, reply));
              } catch (refused) {
                reject(refused);
              }
            });
          }),
        type: (room, typing) =>
          new Promise((resolve, reject) => {
            socket.timeout(ACK_TIMEOUT_MS).emit("presence:typing", { sessionId: room, typing }, (error, reply) => {
              try {
                resolve(void unwrap(error, reply));
              } catch (refused) {
                reject(refused);
              }
            });
          }),
        bytesIn: opened.bytesIn,
        close: () => socket.close(),
      };
    },
  };
}

/**
 * What a bare client relays: a message shaped and sized like the `session:event` Study Circle
 * broadcasts for the same change of the same mix (an annotation, a reply or a thread message,
 * with the same comment), so every member receives as many bytes from both servers and the
 * comparison measures the servers, not the message size.
 */
function eventLikeMessage(
  room: string,
  member: Member,
  opId: string,
  count: number,
  passage: TextTarget,
  change: ReturnType<typeof mixChange>,
  annotationId: string | undefined,
): SessionEventMessage {
  const now = Date.now();
  const { body } = change;
  const bodyHtml = `<p>${body.replace(/\*\*(.+?)\*\*/, "<strong>$1</strong>").replace(/_(.+?)_/g, "<em>$1</em>")}</p>`;
  const by = { authorId: member.userId, authorName: member.name };
  const item = { body, bodyHtml, createdAt: now, editedAt: null, deleted: false, seq: count };
  const event = { seq: count, type: `${change.kind}.create`, actorId: member.userId, at: now };
  if (change.kind === "reply") return { sessionId: room, event: { ...event, reply: { id: opId, annotationId: annotationId!, ...by, ...item, hidden: false } } };
  if (change.kind === "message") return { sessionId: room, event: { ...event, message: { id: opId, parentId: null, ...by, ...item, quote: null, mentions: [], reactions: {} } } };
  const annotation = {
    id: opId,
    ...by,
    kind: annotationKinds[count % annotationKinds.length]!,
    visibility: "shared" as const,
    ...passage,
    ...item,
    hidden: false,
    beforeMeeting: false,
  };
  return { sessionId: room, event: { ...event, annotation } };
}

/** The bare server: the same client, relaying an event-sized message to the room. */
export function bareTarget(server: ServerProcess, passages: readonly TextTarget[], mix: OperationMix = "annotations"): Target {
  let count = 0;
  return {
    server,
    budget: FloodBudget.unlimited(),
    async connect(member) {
      const opened = await openSocket(server, member);
      const socket = opened.socket as unknown as Socket<BareServerToClient, BareClientToServer>;
      let listener: ((opId: string) => void) | null = null;
      socket.on("relayed", (message) => {
        if (listener) listener(message.id);
      });
      let presenceCount = 0;
      const latestAnnotation = new Map<string, string>();
      const relay = (room: string, payload: unknown) =>
        new Promise<void>((resolve, reject) => {
          presenceCount += 1;
          socket
            .timeout(ACK_TIMEOUT_MS)
            .emit("relay", { room, id: `presence-${member.userId}-${presenceCount}`, payload }, (error) => (error ? reject(new RefusedError("TIMEOUT")) : resolve()));
        });
      return {
        member,
        join: (room, afterSeq) =>
          new Promise((resolve, reject) => {
            socket.timeout(ACK_TIMEOUT_MS).emit("join", { room, ...(afterSeq !== undefined && { afterSeq }) }, (error, reply) => {
              if (error) return reject(new RefusedError("TIMEOUT"));
              resolve({ kind: "events", caughtUp: reply.data.missed.length, lastSeq: reply.data.lastSeq });
            });
          }),
        send: (room, opId) =>
          new Promise((resolve, reject) => {
            count += 1;
            const change = mixChange(mix, count, latestAnnotation.has(room));
            const payload = eventLikeMessage(room, member, opId, count, passages[count % passages.length]!, change, latestAnnotation.get(room));
            if (change.kind === "annotation") latestAnnotation.set(room, opId);
            socket.timeout(ACK_TIMEOUT_MS).emit("relay", { room, id: opId, payload }, (error, reply) => {
              if (error) return reject(new RefusedError("TIMEOUT"));
              // As with Study Circle: the sender receives its message in the acknowledgement.
              if (listener) listener(reply.data.relayed.id);
              resolve(reply.data.seq);
            });
          }),
        onDelivery: (next) => {
          listener = next;
        },
        // A bare relay of presence: each change goes to the whole room at once, as it happens.
        read: (room, blockId) => relay(room, { userId: member.userId, blockId }),
        type: (room, typing) => relay(room, { userId: member.userId, typing }),
        bytesIn: opened.bytesIn,
        close: () => socket.close(),
      };
    },
  };
}

/** Connects members with at most `concurrency` handshakes at a time. */
export async function connectAll(target: Target, members: readonly Member[], concurrency = 100): Promise<BenchClient[]> {
  return inBatches(members, concurrency, (member) => target.connect(member));
}

/** Joins each client to a room (with a flood point spent for each), `concurrency` at a time. */
export async function joinAll(target: Target, clients: readonly BenchClient[], room: (client: BenchClient, index: number) => string, concurrency = 100): Promise<void> {
  await inBatches(clients, concurrency, (client, index) => {
    target.budget.take(client.member.userId);
    return client.join(room(client, index), 0);
  });
}

/** Closes every client. */
export function closeAll(clients: readonly BenchClient[]): void {
  for (const client of clients) client.close();
}

async function inBatches<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
