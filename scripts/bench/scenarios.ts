import type { Member } from "./bench-data";
import { closeAll, connectAll, joinAll, quiet, RefusedError, type BenchClient, type Target } from "./clients";
import { median, summariseLatencies, type LatencySummary } from "./stats";

/**
 * The four live-sync scenarios. Each is written once against `Target`, so Study Circle and
 * the bare server get exactly the same client code, load and room ids. Where it can, a
 * scenario alternates between the two servers in short segments (ours, bare, bare, ours …)
 * so that a burst of load from elsewhere on the machine hits both alike.
 */

/** The same thing for Study Circle and for the bare server. */
export type Pair<T> = { ours: T; bare: T };

/** Codes of refused messages seen during a scenario (should stay empty). */
export type Refusals = Map<string, number>;

const sides = ["ours", "bare"] as const;
type SideName = (typeof sides)[number];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds or `timeoutMs` passes; true when it held. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Runs `segment` for each side, `rounds` times, swapping which side goes first every round. */
async function alternate(rounds: number, segment: (side: SideName, round: number) => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? sides : ([...sides].reverse() as SideName[])) await segment(side, round);
  }
}

function countRefusal(refusals: Refusals, error: unknown): void {
  const code = error instanceof RefusedError ? error.code : String(error);
  refusals.set(code, (refusals.get(code) ?? 0) + 1);
}

/** Picks senders round-robin among members that still have flood budget. */
function senderPicker(target: Target, clients: readonly BenchClient[]): () => BenchClient | undefined {
  let next = 0;
  return () => {
    for (let tries = 0; tries < clients.length; tries += 1) {
      const client = clients[next++ % clients.length]!;
      if (target.budget.take(client.member.userId)) return client;
    }
    return undefined;
  };
}

/** Connects and joins the same members to both servers (each member to `roomOf(index)`). */
async function connectBoth(targets: Pair<Target>, members: readonly Member[], roomOf: (index: number) => string): Promise<Pair<BenchClient[]>> {
  const connected: Partial<Pair<BenchClient[]>> = {};
  for (const side of sides) {
    const clients = await connectAll(targets[side], members);
    connected[side] = clients;
    await joinAll(targets[side], clients, (_client, index) => roomOf(index));
    await quiet(); // let the burst of presence updates after the joins pass
  }
  return connected as Pair<BenchClient[]>;
}

async function closeBoth(clients: Pair<BenchClient[]>): Promise<void> {
  for (const side of sides) {
    for (const client of clients[side]) client.onDelivery(null);
    closeAll(clients[side]);
  }
  await sleep(1000);
  await quiet();
}

/** Settings of the one-room scenario. */
export type RoomSettings = { room: string; ratePerSecond: number; steadyMs: number; window: number; saturationMs: number; rounds: number; tag: string };

/** Result of the one-room scenario for one server. */
export type RoomResult = {
  latency: LatencySummary;
  lostDeliveries: number;
  deliveriesPerSecond: number;
  saturationOps: number;
  budgetBound: boolean;
  refusals: Refusals;
};

/**
 * One room of N members. First annotations at a steady rate (open loop, members in turn):
 * latency from send to receipt at every member, the sender included. Then as fast as the
 * server delivers — a window of changes in flight, each complete once every member has
 * it — counting deliveries per second.
 */
export async function oneRoom(targets: Pair<Target>, members: readonly Member[], settings: RoomSettings): Promise<Pair<RoomResult>> {
  const clients = await connectBoth(targets, members, () => settings.room);
  try {
    const results = {} as Pair<RoomResult>;
    const latencies: Pair<number[]> = { ours: [], bare: [] };
    const saturation = { ours: { delivered: 0, ms: 0 }, bare: { delivered: 0, ms: 0 } };
    const picks = { ours: senderPicker(targets.ours, clients.ours), bare: senderPicker(targets.bare, clients.bare) };
    for (const side of sides) {
      results[side] = { latency: summariseLatencies([]), lostDeliveries: 0, deliveriesPerSecond: 0, saturationOps: 0, budgetBound: false, refusals: new Map() };
    }

    await alternate(settings.rounds, async (side, round) => {
      const result = results[side];
      const group = clients[side];
      const sentAt = new Map<string, number>();
      const samples = latencies[side];
      const before = samples.length;
      for (const client of group) {
        client.onDelivery((opId) => {
          const sent = sentAt.get(opId);
          if (sent !== undefined) samples.push(performance.now() - sent);
        });
      }
      const total = Math.round((settings.ratePerSecond * settings.steadyMs) / settings.rounds / 1000);
      const start = performance.now();
      let sent = 0;
      for (let index = 0; index < total; index += 1) {
        const wait = start + (index * 1000) / settings.ratePerSecond - performance.now();
        if (wait > 0) await sleep(wait);
        const sender = picks[side]();
        if (!sender) {
          result.budgetBound = true;
          continue;
        }
        const opId = `${settings.tag}-steady-${round}-${index}`;
        sentAt.set(opId, performance.now());
        sent += 1;
        sender.send(settings.room, opId).catch((error: unknown) => countRefusal(result.refusals, error));
      }
      const expected = before + sent * group.length;
      await until(() => samples.length >= expected, 10_000);
      result.lostDeliveries += expected - samples.length;
    });

    await alternate(settings.rounds, async (side, round) => {
      const result = results[side];
      const group = clients[side];
      const remaining = new Map<string, number>();
      let delivered = 0;
      let lastDeliveryAt = 0;
      let issued = 0;
      const start = performance.now();
      const issue = () => {
        if (performance.now() - start > settings.saturationMs / settings.rounds) return;
        const sender = picks[side]();
        if (!sender) {
          result.budgetBound = true;
          return;
        }
        const opId = `${settings.tag}-burst-${round}-${issued++}`;
        remaining.set(opId, group.length);
        sender.send(settings.room, opId).catch((error: unknown) => {
          countRefusal(result.refusals, error);
          if (remaining.delete(opId)) issue();
        });
      };
      for (const client of group) {
        client.onDelivery((opId) => {
          const left = remaining.get(opId);
          if (left === undefined) return;
          delivered += 1;
          lastDeliveryAt = performance.now();
          if (left > 1) {
            remaining.set(opId, left - 1);
            return;
          }
          remaining.delete(opId);
          issue();
        });
      }
      for (let slot = 0; slot < settings.window; slot += 1) issue();
      await until(() => remaining.size === 0, 30_000);
      saturation[side].delivered += delivered;
      // A round that delivered nothing (every sender out of flood budget) adds no time either.
      if (delivered > 0) saturation[side].ms += lastDeliveryAt - start;
      result.saturationOps += issued;
    });

    for (const side of sides) {
      results[side].latency = summariseLatencies(latencies[side]);
      results[side].deliveriesPerSecond = deliveryRate(saturation[side].delivered, saturation[side].ms);
    }
    return results;
  } finally {
    await closeBoth(clients);
  }
}

/** Deliveries per second over the time they took; 0 when nothing was delivered (never negative or NaN). */
export function deliveryRate(delivered: number, ms: number): number {
  return delivered > 0 && ms > 0 ? delivered / (ms / 1000) : 0;
}

/** Result of the small-rooms scenario for one server. */
export type SmallRoomsResult = { opsPerSecond: number; ops: number; seconds: number; serverCpuMsPerOp: number; budgetBound: boolean; refusals: Refusals };

/**
 * Many small rooms: every member keeps one change in flight (send, wait for the ack, send
 * the next); counts acknowledged changes per second across all rooms. For Study Circle an
 * ack means the change is persisted (validated, authorised, one transaction, event logged).
 */
export async function smallRooms(
  targets: Pair<Target>,
  members: readonly Member[],
  rooms: readonly string[],
  durationMs: number,
  rounds: number,
  tag: string,
): Promise<Pair<SmallRoomsResult>> {
  const perRoom = members.length / rooms.length;
  const roomOf = (index: number) => rooms[Math.floor(index / perRoom)]!;
  const clients = await connectBoth(targets, members, roomOf);
  try {
    const results: Pair<SmallRoomsResult> = {
      ours: { opsPerSecond: 0, ops: 0, seconds: 0, serverCpuMsPerOp: 0, budgetBound: false, refusals: new Map() },
      bare: { opsPerSecond: 0, ops: 0, seconds: 0, serverCpuMsPerOp: 0, budgetBound: false, refusals: new Map() },
    };
    const cpu = { ours: { ms: 0, ops: 0 }, bare: { ms: 0, ops: 0 } };
    await alternate(rounds, async (side, round) => {
      const result = results[side];
      const target = targets[side];
      const cpuBefore = target.server.cpuMs();
      const start = performance.now();
      let cutoff = start + durationMs / rounds;
      let acked = 0;
      let answered = 0;
      await Promise.all(
        clients[side].map(async (client, clientIndex) => {
          for (let index = 0; performance.now() < cutoff; index += 1) {
            if (!target.budget.take(client.member.userId)) {
              // Count only while every member could still send.
              result.budgetBound = true;
              cutoff = Math.min(cutoff, performance.now());
              break;
            }
            try {
              await client.send(roomOf(clientIndex), `${tag}-${round}-${clientIndex}-${index}`);
              if (performance.now() <= cutoff) acked += 1;
            } catch (error) {
              countRefusal(result.refusals, error);
            }
            answered += 1;
          }
        }),
      );
      cpu[side].ms += target.server.cpuMs() - cpuBefore;
      cpu[side].ops += answered;
      result.ops += acked;
      result.seconds += (cutoff - start) / 1000;
    });
    for (const side of sides) {
      results[side].opsPerSecond = results[side].ops / results[side].seconds;
      results[side].serverCpuMsPerOp = cpu[side].ms / cpu[side].ops;
    }
    return results;
  } finally {
    await closeBoth(clients);
  }
}

/** Result of the catch-up scenario for one server. */
export type CatchUpResult = { medianMs: number; samplesMs: number[]; caughtUp: number; kind: string; refusals: Refusals };

/**
 * A member who missed `events` changes: they join once and leave, the writers make the
 * changes, then the member reconnects and joins with the last sequence number they saw.
 * Times the join's round trip (its ack carries the missed events), `repeats` times per server.
 */
export async function catchUp(
  targets: Pair<Target>,
  writers: readonly Member[],
  laggard: Member,
  room: string,
  events: number,
  repeats: number,
  tag: string,
): Promise<Pair<CatchUpResult>> {
  const lastSeen = {} as Pair<number>;
  const results = {} as Pair<CatchUpResult>;
  for (const side of sides) {
    const target = targets[side];
    const result: CatchUpResult = { medianMs: 0, samplesMs: [], caughtUp: 0, kind: "", refusals: new Map() };
    results[side] = result;
    const first = await target.connect(laggard);
    target.budget.take(laggard.userId);
    lastSeen[side] = (await first.join(room, 0)).lastSeq;
    first.close();

    const writerClients = await connectAll(target, writers);
    try {
      await joinAll(target, writerClients, () => room);
      const perWriter = Math.ceil(events / writers.length);
      let made = 0;
      await Promise.all(
        writerClients.map(async (client, writerIndex) => {
          for (let index = 0; index < perWriter && made < events; index += 1) {
            made += 1;
            if (!target.budget.take(client.member.userId)) throw new Error("catch-up writers ran out of flood budget");
            await client.send(room, `${tag}-${writerIndex}-${index}`).catch((error: unknown) => countRefusal(result.refusals, error));
          }
        }),
      );
    } finally {
      closeAll(writerClients);
    }
  }
  await sleep(500);

  await alternate(repeats, async (side) => {
    const result = results[side];
    const client = await targets[side].connect(laggard);
    targets[side].budget.take(laggard.userId);
    const startedAt = performance.now();
    const joined = await client.join(room, lastSeen[side]);
    result.samplesMs.push(performance.now() - startedAt);
    result.caughtUp = joined.caughtUp;
    result.kind = joined.kind;
    client.close();
    await sleep(200);
  });
  for (const side of sides) results[side].medianMs = median(results[side].samplesMs);
  return results;
}

/** Result of the memory scenario for one server. */
export type MemoryResult = { beforeKb: number; afterKb: number; perMemberKb: number; members: number };

/**
 * Server memory per connected member: RSS of the server process with nobody connected
 * (after a warm-up), then with every member connected and in a room, each read after a full
 * garbage collection, the difference divided by the count. One server at a time.
 */
export async function memory(target: Target, members: readonly Member[], roomOf: (index: number) => string): Promise<MemoryResult> {
  const warmUp = await connectAll(target, members.slice(0, 50));
  await joinAll(target, warmUp, (_client, index) => roomOf(index));
  closeAll(warmUp);
  await sleep(1000);
  const beforeKb = await settledRss(target);
  const clients = await connectAll(target, members);
  try {
    await joinAll(target, clients, (_client, index) => roomOf(index));
    await sleep(1000);
    const afterKb = await settledRss(target);
    return { beforeKb, afterKb, perMemberKb: (afterKb - beforeKb) / members.length, members: members.length };
  } finally {
    closeAll(clients);
    await sleep(1000);
  }
}

/** RSS after a full garbage collection: the median of a few readings a moment apart. */
async function settledRss(target: Target): Promise<number> {
  await target.server.collectGarbage();
  const readings: number[] = [];
  for (let index = 0; index < 3; index += 1) {
    readings.push(target.server.rssKb());
    await sleep(200);
  }
  return median(readings);
}
