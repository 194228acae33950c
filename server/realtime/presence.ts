import { randomUUID } from "node:crypto";
import { applyChanges, diffViews, flushDelay, membersOf, mergeViews, type Changes, type PresenceView } from "../../lib/presence/changes";
import { RoomPresence } from "../../lib/presence/room-presence";
import { PresenceNumbers } from "../../lib/presence/wire";
import type { PresenceDelta, PresentMember } from "../../lib/protocol";
import type { SessionRole } from "../../lib/roles";
import { log } from "../log";
import { sessionRoom, type LiveServer, type LiveSocket, type NodePresence } from "./types";

/** At most one presence message per room in this long. */
export const PRESENCE_INTERVAL_MS = 1_000;
/** How often a node tells the others it is alive (with how many changes it has sent). */
const HEARTBEAT_MS = 2_000;
/** A node not heard from in this long is gone: its members leave everyone's list. */
const NODE_EXPIRY_MS = 3 * HEARTBEAT_MS;
/** A presence request still unanswered after this long is given up (the adapter's own timeout is 2 s). */
const SYNC_GIVE_UP_MS = 3_000;

/** A room as this node sees it. */
type Room = {
  /** This node's own connections in the room. */
  local: RoomPresence;
  /** This node's members as the other nodes last heard of them. */
  shared: PresenceView;
  /** Everyone (all nodes) as this node's sockets last heard of them. */
  published: PresenceView;
  /** The numbers this node's sockets know the published people by (lib/presence/wire.ts). */
  numbers: PresenceNumbers;
  lastFlushAt: number;
  timer: NodeJS.Timeout | null;
};

/** Another node, as last heard of. */
type RemoteNode = { seq: number; heardAt: number; rooms: Map<string, PresenceView> };

/**
 * Presence kept in memory: each node holds its own sockets' members per room (who is here,
 * their role, the paragraph they read, whether they type) and sends each room, at most about
 * once a second, only what changed since its previous message. With several nodes, each node
 * sends the others the changes of its own members (same cadence), answers a newcomer's request
 * for its whole presence, and says it is alive every two seconds; a node not heard from for
 * six seconds is taken out of every list. Without Redis, or while it is down, each node shows
 * the members it serves, as before.
 */
export class PresenceHub {
  private readonly nodeId = randomUUID();
  private readonly rooms = new Map<string, Room>();
  private readonly remotes = new Map<string, RemoteNode>();
  private seq = 0;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout | null = null;
  private readonly checkup: NodeJS.Timeout;

  constructor(
    private readonly io: LiveServer,
    /** Whether other nodes share this one's rooms (the Redis adapter is in use). */
    private readonly shared: boolean,
  ) {
    this.checkup = setInterval(() => this.reconcile(), PRESENCE_INTERVAL_MS);
    this.checkup.unref();
    if (!shared) return;
    io.on("presence:changes", (nodeId, seq, sessionId, changes) => this.closed || this.heardChanges(nodeId, seq, sessionId, changes));
    io.on("presence:alive", (nodeId, seq) => this.closed || this.heardAlive(nodeId, seq));
    io.on("presence:sync", (_nodeId, reply) => this.closed || reply(this.ownPresence()));
    io.on("presence:gone", (nodeId) => this.closed || this.forget(nodeId));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    void this.sync();
  }

  /** A socket entered a session's room (its role in the session's group just checked). */
  join(socket: LiveSocket, sessionId: string, role: SessionRole): void {
    const room = this.room(sessionId);
    room.local.join(socket.id, { userId: socket.data.userId, displayName: socket.data.displayName, role });
    this.changed(sessionId);
  }

  /** A socket left a session's room (or was taken out of it). */
  leave(socket: LiveSocket, sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (room?.local.leave(socket.id)) this.changed(sessionId);
  }

  /** A socket closed: it leaves every room it was in. */
  leaveAll(socket: LiveSocket): void {
    for (const [sessionId, room] of this.rooms) if (room.local.leave(socket.id)) this.changed(sessionId);
  }

  /**
   * The paragraph a socket's member reads now. Authorised by the socket's current state: a
   * socket whose role in the session was taken away (removal, demotion) is taken out of the
   * room's presence instead, and a changed role is shown with the next message.
   */
  read(socket: LiveSocket, sessionId: string, blockId: string | null): void {
    const room = this.current(socket, sessionId);
    if (room?.local.read(socket.id, blockId)) this.changed(sessionId);
  }

  /** Whether a socket's member is typing in the thread (authorised as `read` is). */
  type(socket: LiveSocket, sessionId: string, typing: boolean): void {
    const room = this.current(socket, sessionId);
    if (room?.local.type(socket.id, typing)) this.changed(sessionId);
  }

  /**
   * Brings a socket's presence in line with its current roles (after a removal or a role
   * change reached the socket): out of the rooms it may no longer be in, the new role shown.
   */
  refresh(socket: LiveSocket): void {
    for (const sessionId of [...this.rooms.keys()]) this.current(socket, sessionId);
  }

  /** Whether this socket is in a session's presence. */
  has(socket: LiveSocket, sessionId: string): boolean {
    return this.rooms.get(sessionId)?.local.has(socket.id) ?? false;
  }

  /**
   * The list a joining socket gets in its acknowledgement: what the room's sockets were last
   * told, under the numbers they know, so that the next presence message applies to it. Read
   * it right before replying.
   */
  published(sessionId: string): PresenceDelta {
    const room = this.rooms.get(sessionId);
    return room ? room.numbers.whole(room.published) : {};
  }

  /** Everyone present now, on every node this one hears from (the roll call when a session goes live). */
  everyone(sessionId: string): PresentMember[] {
    return membersOf(this.merged(sessionId, this.rooms.get(sessionId)?.local.view() ?? new Map()));
  }

  /** Stops the timers and tells the other nodes this one's members are gone. */
  close(): void {
    this.closed = true;
    clearInterval(this.checkup);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const room of this.rooms.values()) if (room.timer) clearTimeout(room.timer);
    if (this.shared) this.toNodes(() => this.io.serverSideEmit("presence:gone", this.nodeId));
  }

  /**
   * Holds every room's presence to its sockets' current state, without waiting for them to send
   * anything: a socket whose role in the session was taken away (its member removed) leaves the
   * list, a changed role shows. Reads memory only, once a second.
   */
  private reconcile(): void {
    const sockets = this.io.of("/").sockets;
    for (const [sessionId, room] of this.rooms) {
      for (const connectionId of room.local.connectionIds()) {
        const socket = sockets.get(connectionId);
        if (!socket) {
          if (room.local.leave(connectionId)) this.changed(sessionId);
          continue;
        }
        this.current(socket, sessionId);
      }
    }
  }

  /** The socket's room, when the socket is in it and still allowed there. */
  private current(socket: LiveSocket, sessionId: string): Room | null {
    const room = this.rooms.get(sessionId);
    if (!room?.local.has(socket.id)) return null;
    const role = socket.data.roles?.[sessionId];
    if (!role) {
      this.leave(socket, sessionId);
      return null;
    }
    if (room.local.roleOf(socket.id) !== role && room.local.changeRole(socket.id, role)) this.changed(sessionId);
    return room;
  }

  private room(sessionId: string): Room {
    let room = this.rooms.get(sessionId);
    if (!room) {
      room = { local: new RoomPresence(), shared: new Map(), published: new Map(), numbers: new PresenceNumbers(), lastFlushAt: 0, timer: null };
      this.rooms.set(sessionId, room);
    }
    return room;
  }

  /** Something changed in a room: its message goes now if the last one is a second old, else when it is. */
  private changed(sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (!room || room.timer || this.closed) return;
    const delay = flushDelay(Date.now(), room.lastFlushAt, PRESENCE_INTERVAL_MS);
    if (delay === 0) {
      this.flush(sessionId);
      return;
    }
    room.timer = setTimeout(() => this.flush(sessionId), delay);
    room.timer.unref();
  }

  /** Sends the other nodes this node's changes in the room, and this node's sockets everyone's. */
  private flush(sessionId: string): void {
    const room = this.rooms.get(sessionId);
    if (!room) return;
    room.timer = null;
    room.lastFlushAt = Date.now();
    const own = room.local.view();
    if (this.shared) {
      const changes = diffViews(room.shared, own);
      room.shared = own;
      if (changes) {
        this.seq += 1;
        this.toNodes(() => this.io.serverSideEmit("presence:changes", this.nodeId, this.seq, sessionId, changes));
      }
    }
    const everyone = this.merged(sessionId, own);
    const delta = room.numbers.delta(room.published, everyone);
    room.published = everyone;
    if (delta) this.io.local.to(sessionRoom(sessionId)).emit("presence", { sessionId, ...delta });
    // Nobody of this node's is here any more: nothing to publish to, nothing left to share.
    if (room.local.empty && room.shared.size === 0) this.rooms.delete(sessionId);
  }

  private merged(sessionId: string, own: PresenceView): Map<string, PresentMember> {
    const views: PresenceView[] = [own];
    for (const remote of this.remotes.values()) {
      const view = remote.rooms.get(sessionId);
      if (view) views.push(view);
    }
    return mergeViews(views);
  }

  private heardChanges(nodeId: string, seq: number, sessionId: string, changes: Changes): void {
    const remote = this.remotes.get(nodeId);
    if (!remote || seq !== remote.seq + 1) {
      // A node this one does not know yet, or changes missed in between (Redis was away): ask for the whole picture.
      void this.sync();
      if (!remote) return;
    }
    remote.seq = seq;
    remote.heardAt = Date.now();
    const next = applyChanges(remote.rooms.get(sessionId) ?? new Map(), changes);
    if (next.size > 0) remote.rooms.set(sessionId, next);
    else remote.rooms.delete(sessionId);
    this.changed(sessionId);
  }

  private heardAlive(nodeId: string, seq: number): void {
    const remote = this.remotes.get(nodeId);
    if (!remote || remote.seq !== seq) {
      void this.sync();
      return;
    }
    remote.heardAt = Date.now();
  }

  /** Takes a node's members out of every room. */
  private forget(nodeId: string): void {
    const remote = this.remotes.get(nodeId);
    if (!remote) return;
    this.remotes.delete(nodeId);
    log.info({ event: "presence.node_gone", nodeId }, "another node's members left presence");
    for (const sessionId of remote.rooms.keys()) this.changed(sessionId);
  }

  private beat(): void {
    this.toNodes(() => this.io.serverSideEmit("presence:alive", this.nodeId, this.seq));
    const now = Date.now();
    for (const [nodeId, remote] of this.remotes) if (now - remote.heardAt > NODE_EXPIRY_MS) this.forget(nodeId);
  }

  private ownPresence(): NodePresence {
    const rooms: Record<string, PresentMember[]> = {};
    for (const [sessionId, room] of this.rooms) if (room.shared.size > 0) rooms[sessionId] = [...room.shared.values()];
    return { nodeId: this.nodeId, seq: this.seq, rooms };
  }

  /** Asks every other node for its whole presence and takes it as theirs; one request at a time. */
  private sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.requestPresence().finally(() => {
      this.syncing = null;
      if (this.syncAgain) {
        this.syncAgain = false;
        void this.sync();
      }
    });
    return this.syncing;
  }

  private requestPresence(): Promise<void> {
    return new Promise((resolve) => {
      // The adapter drops a request it could not send (Redis not connected yet, or away) without
      // ever calling back: without this the first sync would hang, and every later one wait on it.
      const giveUp = setTimeout(() => {
        log.debug({ event: "presence.sync_unanswered" }, "presence request unanswered: asked again at the next sign of another node");
        resolve();
      }, SYNC_GIVE_UP_MS);
      giveUp.unref();
      try {
        this.io.serverSideEmit("presence:sync", this.nodeId, (error: Error | null, states: NodePresence[] = []) => {
          clearTimeout(giveUp);
          // A node that did not answer in time is left out; the others' answers still count.
          if (error) log.debug({ event: "presence.sync_partial", err: error }, "not every node answered the presence request");
          for (const state of states) this.adopt(state);
          resolve();
        });
      } catch (error) {
        clearTimeout(giveUp);
        log.debug({ event: "presence.sync_failed", err: error }, "presence request not sent");
        resolve();
      }
    });
  }

  /** Takes a node's whole presence as the truth about its members. */
  private adopt(state: NodePresence): void {
    if (state.nodeId === this.nodeId) return;
    const before = this.remotes.get(state.nodeId);
    const rooms = new Map<string, PresenceView>();
    for (const [sessionId, members] of Object.entries(state.rooms)) rooms.set(sessionId, new Map(members.map((member) => [member.userId, member])));
    this.remotes.set(state.nodeId, { seq: state.seq, heardAt: Date.now(), rooms });
    for (const sessionId of new Set([...(before?.rooms.keys() ?? []), ...rooms.keys()])) this.changed(sessionId);
  }

  private toNodes(send: () => void): void {
    try {
      send();
    } catch (error) {
      // Redis away: the other nodes hear nothing now and catch up when it is back (heartbeat, then a sync).
      log.debug({ event: "presence.node_message_failed", err: error }, "presence not sent to the other nodes");
    }
  }
}

const hubs = new WeakMap<LiveServer, PresenceHub>();

/** Starts presence for a live server. */
export function startPresence(io: LiveServer, options: { shared: boolean }): PresenceHub {
  const hub = new PresenceHub(io, options.shared);
  hubs.set(io, hub);
  return hub;
}

/** The presence of a live server (started with it). */
export function presenceOf(io: LiveServer): PresenceHub {
  const hub = hubs.get(io);
  if (!hub) throw new Error("presence was not started for this server");
  return hub;
}
