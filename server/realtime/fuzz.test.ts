import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "../../db/client";
import { lastSessionSeq, sessionEventsAfter } from "../../db/session-events";
import { sessionSnapshot } from "../../db/session-operations";
import { person } from "../../db/test-people";
import { canonicalText, type Block } from "../../lib/article/blocks";
import { applyEvent, applyEvents, emptyLayer, layerFromSnapshot, visibleLayer, type LayerState, type PendingOperation } from "../../lib/annotations/layer-state";
import type { Ack, Operation, OperationApplied, SessionEventMessage, SessionEventView, SessionJoined, Snapshot } from "../../lib/protocol";
import type { Role } from "../../lib/roles";
import { snapToCharacters } from "../../lib/text/characters";
import { openSocket, cookieFor, sessionInNewGroup, startLiveNode, type LiveNode } from "./live-test-kit";

/**
 * A seeded fuzz test of the live session: three members (one with two tabs) make random changes (annotations,
 * replies, thread messages, reactions, hiding) on an article with emoji and right-to-left
 * text, with random disconnects (some while a change is on its way, so its acknowledgement is
 * lost and the change is sent again), offline queues and reloads from a fresh snapshot.
 * In the end every client must hold exactly what the server holds for them, every
 * acknowledged operation must be in the log exactly once, and the log must have no gap.
 *
 * A failing run names its seed; `FUZZ_SEED=<seed> npx vitest run server/realtime/fuzz.test.ts`
 * replays it (pin it below once the bug is fixed).
 */
const seeds = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [1, 2, 3];
const STEPS_PER_MEMBER = 24;

const blocks: Block[] = [
  { id: "b1", type: "heading", text: "Reading 📚 together 👨‍👩‍👧" },
  { id: "b2", type: "paragraph", text: "The workers 👷🏽‍♀️ met at night; שלום עולם, they wrote, and می‌خواهم بخوانم in the margin 👍🏿." },
  { id: "b3", type: "paragraph", text: "Café culture, naïve hopes: क्‍षमा and 🇪🇸 flags, e\u0301 accents, مرحبا بالعالم." },
];
const text = canonicalText(blocks);
const words = ["👍🏿 yes", "שלום", "מה דעתך?", "می‌خواهم", "family 👨‍👩‍👧", "naïve", "**bold** point", "مرحبا", "🇪🇸 sí", "e\u0301"];

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same run. */
function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T | undefined => (items.length ? items[Math.floor(next() * items.length)] : undefined),
  };
}
type Random = ReturnType<typeof randomFrom>;

/** One member's page, reduced to what matters here: the layer, the queue, the connection. */
class FuzzClient {
  layer: LayerState = emptyLayer;
  queue: PendingOperation[] = [];
  socket: Socket | null = null;
  /** Acknowledged operations: clientOpId → sequence number. */
  readonly acked = new Map<string, number>();
  private inFlight: string | null = null;
  private generation = 0;
  private ids = 0;

  constructor(
    readonly name: string,
    readonly userId: string,
    readonly role: Role,
    private readonly url: string,
    private readonly sessionId: string,
    private readonly random: Random,
  ) {}

  get online(): boolean {
    return this.socket?.connected ?? false;
  }

  newId(kind: string): string {
    this.ids += 1;
    return `${this.name}-${kind}-${this.ids}`;
  }

  /** Connects and joins, catching up from the last sequence number seen (or a snapshot after a reload). */
  async connect(fresh = false): Promise<void> {
    const { socket, error } = await openSocket(this.url, { cookie: await cookieFor(this.userId) });
    if (error) throw error;
    this.socket = socket;
    this.generation += 1;
    const generation = this.generation;
    // Events broadcast while the join is answered: a snapshot does not hold them yet.
    const meanwhile: SessionEventView[] = [];
    socket.on("session:event", (message: SessionEventMessage) => {
      if (generation !== this.generation) return;
      meanwhile.push(message.event);
      this.layer = applyEvent(this.layer, message.event);
    });
    socket.on("disconnect", () => {
      if (generation === this.generation) this.inFlight = null;
    });
    let reply = await this.join(socket, fresh);
    // Like the page: too fast for the flood limit is "not now", so it tries again a moment later.
    for (let tries = 0; !reply.ok && reply.error.code === "RATE_LIMITED" && tries < 60; tries++) {
      await pause(250);
      meanwhile.length = 0;
      reply = await this.join(socket, fresh);
    }
    if (!reply.ok) throw new Error(`${this.name} could not join: ${reply.error.code} ${reply.error.message}`);
    const { catchUp } = reply.data;
    this.layer = catchUp.kind === "snapshot" ? applyEvents(layerFromSnapshot(catchUp.snapshot), meanwhile) : applyEvents(this.layer, catchUp.events);
    meanwhile.length = 0;
  }

  private async join(socket: Socket, fresh: boolean): Promise<Ack<SessionJoined>> {
    return (await socket.timeout(5000).emitWithAck("session:join", { sessionId: this.sessionId, ...(fresh ? {} : { afterSeq: this.layer.lastSeq }) })) as Ack<SessionJoined>;
  }

  /** Drops the connection; with `midFlight`, right after sending the next change, so its acknowledgement is lost. */
  disconnect(midFlight: boolean): void {
    if (midFlight) this.sendNext();
    this.generation += 1;
    this.inFlight = null;
    this.socket?.disconnect();
    this.socket = null;
  }

  /** A reload: the page forgets its layer and starts from a snapshot; the saved queue stays. */
  async reload(): Promise<void> {
    this.disconnect(false);
    this.layer = emptyLayer;
    await this.connect(true);
  }

  submit(operation: Operation): void {
    this.queue.push({ clientOpId: this.newId("op"), operation, createdAt: Date.now() });
    this.sendNext();
  }

  /** Sends the oldest queued change, one at a time, as the page does. */
  sendNext(): void {
    const socket = this.socket;
    const next = this.queue[0];
    if (!socket?.connected || !next || this.inFlight) return;
    this.inFlight = next.clientOpId;
    const generation = this.generation;
    socket.emit("session:operation", { sessionId: this.sessionId, clientOpId: next.clientOpId, operation: next.operation }, (reply: Ack<OperationApplied>) => {
      if (generation !== this.generation) return;
      this.inFlight = null;
      if (!reply.ok && (reply.error.code === "RATE_LIMITED" || reply.error.code === "UNAVAILABLE")) {
        // "Not now": the change stays first in the queue and goes again a moment later, as on the page.
        setTimeout(() => this.sendNext(), 250);
        return;
      }
      this.queue.shift();
      if (reply.ok) {
        const seen = this.acked.get(next.clientOpId);
        if (seen !== undefined && seen !== reply.data.seq) throw new Error(`${next.clientOpId} acknowledged as ${seen} and then as ${reply.data.seq}`);
        this.acked.set(next.clientOpId, reply.data.seq);
        this.layer = applyEvent(this.layer, reply.data.event);
      }
      this.sendNext();
    });
  }

  /** Resolves once the queue is empty (connected), or fails after a while. */
  async drained(): Promise<void> {
    for (let waited = 0; this.queue.length > 0; waited += 10) {
      if (waited > 15_000) throw new Error(`${this.name} still has ${this.queue.length} changes queued`);
      this.sendNext();
      await pause(10);
    }
  }

  /** A random change a member could make, given what they see. */
  randomOperation(): Operation {
    const random = this.random;
    const seen = visibleLayer(this.layer, this.queue, { id: this.userId, name: this.name });
    const mine = <T extends { authorId: string; pending?: boolean }>(items: T[]) => items.filter((item) => item.authorId === this.userId && !item.pending);
    const body = () => `${random.pick(words)} ${random.below(1000)}`;
    const roll = random.below(100);
    const annotation = random.pick(mine(seen.annotations));
    const reply = random.pick(mine(seen.replies));
    const message = random.pick(mine(seen.messages));
    const anyAnnotation = random.pick(seen.annotations.filter((item) => !item.pending));
    const anyMessage = random.pick(seen.messages.filter((item) => !item.pending));
    if (roll < 8 && annotation) return { type: "annotation.update", annotationId: annotation.id, kind: "question", body: body() };
    if (roll < 14 && annotation) return { type: "annotation.delete", annotationId: annotation.id };
    if (roll < 20 && anyAnnotation && this.role !== "member") return { type: "annotation.hide", annotationId: anyAnnotation.id, hidden: !anyAnnotation.hidden };
    if (roll < 30 && anyAnnotation) return { type: "reply.create", replyId: this.newId("reply"), annotationId: anyAnnotation.id, body: body() };
    if (roll < 34 && reply) return { type: "reply.delete", replyId: reply.id };
    if (roll < 46) {
      const parent = random.chance(0.3) ? random.pick(seen.messages.filter((item) => !item.parentId && !item.pending)) : undefined;
      return { type: "message.create", messageId: this.newId("message"), parentId: parent?.id ?? null, body: body(), quote: null };
    }
    if (roll < 52 && message) return { type: "message.update", messageId: message.id, body: body() };
    if (roll < 56 && message) return { type: "message.delete", messageId: message.id };
    if (roll < 62 && anyMessage) return { type: "message.react", messageId: anyMessage.id, reaction: random.pick(["heart", "clap", "thinking"] as const)!, on: random.chance(0.7) };
    return {
      type: "annotation.create",
      annotationId: this.newId("annotation"),
      kind: "key_point",
      visibility: "shared",
      passage: randomPassage(random),
      body: random.chance(0.6) ? body() : "",
    };
  }
}

/** A random passage of the article, widened to whole characters as the page's selection is. */
function randomPassage(random: Random): { start: number; end: number; exact: string } {
  for (;;) {
    const from = random.below(text.length - 1);
    const { start, end } = snapToCharacters(text, from, Math.min(text.length, from + 1 + random.below(40)));
    const exact = text.slice(start, end);
    if (exact.trim()) return { start, end, exact };
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a client shows, in a form to compare with the server's snapshot for that member. */
function shown(layer: LayerState | Snapshot, viewer: { id: string; name: string }) {
  const state = "annotations" in layer && Array.isArray(layer.annotations) ? layerFromSnapshot(layer as Snapshot) : (layer as LayerState);
  const visible = visibleLayer(state, [], viewer);
  const byId = <T extends { id: string }>(items: T[]) => Object.fromEntries(items.map((item) => [item.id, item]));
  return { annotations: byId(visible.annotations), replies: byId(visible.replies), messages: byId(visible.messages) };
}

async function runSeed(node: LiveNode, seed: number): Promise<{ operations: number; items: number }> {
  await openFreshTestDatabase();
  const random = randomFrom(seed);
  const owner = await person(`owner${seed}`);
  const ben = await person(`ben${seed}`);
  const cara = await person(`cara${seed}`);
  const { sessionId } = await sessionInNewGroup(
    owner,
    [
      [ben, "member"],
      [cara, "facilitator"],
    ],
    blocks,
  );
  const clients = [
    new FuzzClient("olga", owner, "owner", node.url, sessionId, randomFrom(seed * 7 + 1)),
    new FuzzClient("ben", ben, "member", node.url, sessionId, randomFrom(seed * 7 + 2)),
    new FuzzClient("cara", cara, "facilitator", node.url, sessionId, randomFrom(seed * 7 + 3)),
    // Ben's second tab: what one tab deletes, the other may resend a create for from its queue.
    new FuzzClient("ben-tab2", ben, "member", node.url, sessionId, randomFrom(seed * 7 + 4)),
  ];
  await Promise.all(clients.map((client) => client.connect(true)));

  // One seeded sequence of steps across the members; their changes still overlap on the wire.
  for (let step = 0; step < STEPS_PER_MEMBER * clients.length; step++) {
    // Ben's second tab is the quieter one: both tabs count against Ben's one flood limit.
    const client = clients[random.chance(0.12) ? 3 : random.below(3)]!;
    const roll = random.below(100);
    if (!client.online) {
      // Offline: changes pile up in the queue until the page is back.
      if (roll < 40) await client.connect(random.chance(0.2));
      else client.submit(client.randomOperation());
    } else if (roll < 6) client.disconnect(true);
    else if (roll < 10) client.disconnect(false);
    else if (roll < 13) await client.reload();
    else client.submit(client.randomOperation());
    if (random.chance(0.5)) await pause(random.below(4));
  }
  for (const client of clients) if (!client.online) await client.connect(random.chance(0.5));
  await Promise.all(clients.map((client) => client.drained()));
  // Broadcasts still on their way arrive, then each page catches up once more, as after a reconnect.
  await pause(100);
  for (const client of clients) {
    client.disconnect(false);
    await client.connect(false);
  }

  for (const client of clients) {
    const viewer = { id: client.userId, name: client.name };
    const server = await sessionSnapshot(sessionId, { id: client.userId, role: client.role });
    expect(shown(client.layer, viewer), `${client.name} differs from the server`).toEqual(shown(server, viewer));
    expect(client.layer.lastSeq).toBe(server.lastSeq);
  }

  const lastSeq = await lastSessionSeq(sessionId);
  const log = await sessionEventsAfter(sessionId, 0, { id: owner, facilitator: true }, 100_000);
  expect(log.map((event) => event.seq)).toEqual(Array.from({ length: lastSeq }, (_, index) => index + 1));
  const logged = new Map<string, number[]>();
  for (const event of log) logged.set(event.clientOpId, [...(logged.get(event.clientOpId) ?? []), event.seq]);
  let operations = 0;
  for (const client of clients) {
    for (const [clientOpId, seq] of client.acked) {
      expect(logged.get(clientOpId), `${clientOpId} is in the log once, as acknowledged`).toEqual([seq]);
      operations += 1;
    }
    client.disconnect(false);
  }
  const items = Object.keys(shown(clients[0]!.layer, { id: owner, name: "olga" }).annotations).length;
  return { operations, items };
}

describe("fuzzing the live session (seeded)", () => {
  let node: LiveNode;

  beforeAll(async () => {
    node = await startLiveNode();
  });

  afterAll(async () => {
    await node.close();
  });

  it.each(seeds)(
    "seed %i: every client ends as the server, every acknowledged operation is logged once, no gap",
    async (seed) => {
      try {
        const { operations } = await runSeed(node, seed);
        expect(operations).toBeGreaterThan(40);
      } catch (error) {
        throw new Error(`fuzz seed ${seed} failed; replay it with FUZZ_SEED=${seed}: ${(error as Error).message}`, { cause: error });
      }
    },
    30_000,
  );
});
