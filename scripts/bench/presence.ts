import type { Member } from "./bench-data";
import { closeAll, connectAll, joinAll, quiet, RefusedError, type BenchClient, type Target } from "./clients";
import type { Pair, Refusals } from "./scenarios";
import { summariseLatencies, type LatencySummary } from "./stats";

/**
 * Presence load (issue 10): every member of one room moves its reading position (or starts and
 * stops typing) about once a second, while a few annotations go to the room. Measured: bytes
 * each member receives per second, server CPU, and the annotations' send → receipt latency
 * under that load. The bare server relays every presence change to the whole room as it
 * happens, which is what a relay without presence state does.
 */

const sides = ["ours", "bare"] as const;
type SideName = (typeof sides)[number];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What each member does once a second. */
export type PresenceActivity = "reading" | "typing";

/** Settings of one presence-load run. */
export type PresenceLoadSettings = {
  room: string;
  activity: PresenceActivity;
  /** Per server, in total over the rounds. */
  durationMs: number;
  rounds: number;
  /** Annotations per second sent into the room meanwhile (their fan-out latency is measured). */
  annotationRate: number;
  tag: string;
};

/** Result of the presence-load scenario for one server. */
export type PresenceLoadResult = {
  bytesPerMemberPerSecond: number;
  /** Server CPU time per second of load, in ms (1000 = one core busy). */
  serverCpuMsPerSecond: number;
  changesPerSecond: number;
  fanOut: LatencySummary;
  lostDeliveries: number;
  refusals: Refusals;
};

function countRefusal(refusals: Refusals, error: unknown): void {
  const code = error instanceof RefusedError ? error.code : String(error);
  refusals.set(code, (refusals.get(code) ?? 0) + 1);
}

const totalBytes = (clients: readonly BenchClient[], event?: string) => clients.reduce((sum, client) => sum + client.bytesIn(event), 0);

/**
 * Runs the load on both servers in alternating rounds: each member acts once a second, at its
 * own offset within the second, so the changes arrive evenly spread as they would from people.
 */
export async function presenceLoad(targets: Pair<Target>, members: readonly Member[], settings: PresenceLoadSettings): Promise<Pair<PresenceLoadResult>> {
  const clients = {} as Pair<BenchClient[]>;
  const results = {} as Pair<PresenceLoadResult>;
  const totals = { ours: { bytes: 0, ms: 0, cpuMs: 0, changes: 0 }, bare: { bytes: 0, ms: 0, cpuMs: 0, changes: 0 } };
  const latencies: Pair<number[]> = { ours: [], bare: [] };
  try {
    for (const side of sides) {
      clients[side] = await connectAll(targets[side], members);
      await joinAll(targets[side], clients[side], () => settings.room);
      results[side] = { bytesPerMemberPerSecond: 0, serverCpuMsPerSecond: 0, changesPerSecond: 0, fanOut: summariseLatencies([]), lostDeliveries: 0, refusals: new Map() };
    }
    await sleep(1500);
    await quiet();
    const roundMs = settings.durationMs / settings.rounds;
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const side of round % 2 === 0 ? sides : ([...sides].reverse() as SideName[])) {
        const group = clients[side];
        const target = targets[side];
        const result = results[side];
        const sentAt = new Map<string, number>();
        const samples = latencies[side];
        const before = samples.length;
        for (const client of group) {
          client.onDelivery((opId) => {
            const sent = sentAt.get(opId);
            if (sent !== undefined) samples.push(performance.now() - sent);
          });
        }
        const bytesBefore = totalBytes(group);
        const cpuBefore = target.server.cpuMs();
        const start = performance.now();
        let changes = 0;
        const act = async (client: BenchClient, index: number) => {
          await sleep((index * 1000) / group.length);
          for (let tick = 0; performance.now() - start < roundMs; tick += 1) {
            if (target.budget.take(client.member.userId)) {
              changes += 1;
              const change = settings.activity === "reading" ? client.read(settings.room, `b${(index + tick) % 40}`) : client.type(settings.room, tick % 2 === 0);
              change.catch((error: unknown) => countRefusal(result.refusals, error));
            }
            const next = start + (index * 1000) / group.length + (tick + 1) * 1000 - performance.now();
            if (next > 0) await sleep(next);
          }
        };
        let annotations = 0;
        const annotate = async () => {
          const total = Math.floor((settings.annotationRate * roundMs) / 1000);
          for (let index = 0; index < total; index += 1) {
            const wait = start + (index * 1000) / settings.annotationRate - performance.now();
            if (wait > 0) await sleep(wait);
            const sender = group[(index * 7 + round) % group.length]!;
            if (!target.budget.take(sender.member.userId)) continue;
            const opId = `${settings.tag}-${side}-${round}-${index}`;
            sentAt.set(opId, performance.now());
            annotations += 1;
            sender.send(settings.room, opId).catch((error: unknown) => countRefusal(result.refusals, error));
          }
        };
        await Promise.all([...group.map(act), annotate()]);
        // What the last changes caused (one coalesced message at most a second later) belongs to this round.
        await sleep(1200);
        const elapsed = performance.now() - start;
        totals[side].bytes += totalBytes(group) - bytesBefore;
        totals[side].ms += elapsed;
        totals[side].cpuMs += target.server.cpuMs() - cpuBefore;
        totals[side].changes += changes;
        const expected = before + annotations * group.length;
        result.lostDeliveries += Math.max(0, expected - samples.length);
        for (const client of group) client.onDelivery(null);
        await quiet(300, 5000);
      }
    }
    for (const side of sides) {
      const seconds = totals[side].ms / 1000;
      results[side].bytesPerMemberPerSecond = totals[side].bytes / members.length / seconds;
      results[side].serverCpuMsPerSecond = totals[side].cpuMs / seconds;
      results[side].changesPerSecond = totals[side].changes / seconds;
      results[side].fanOut = summariseLatencies(latencies[side]);
    }
    return results;
  } finally {
    for (const side of sides) if (clients[side]) closeAll(clients[side]);
    await sleep(1000);
    await quiet();
  }
}

/** Result of the join storm: every byte received, and those of presence messages (`presence`, and `typing` where it exists). */
export type JoinStormResult = { bytes: number; presenceBytes: number; members: number; seconds: number; serverCpuMs: number };

/**
 * A join storm: `members` connect, then join one room one after another (each waiting for
 * its join to be acknowledged), and stay. Counts every byte all of them receive from the
 * first join until the presence traffic it caused has passed: the presence messages and the
 * join acknowledgements (which carry the member list), the room being otherwise empty.
 */
export async function joinStorm(target: Target, members: readonly Member[], room: string): Promise<JoinStormResult> {
  const clients = await connectAll(target, members);
  try {
    await sleep(500);
    const bytesBefore = totalBytes(clients);
    const presenceBefore = totalBytes(clients, "presence") + totalBytes(clients, "typing");
    const cpuBefore = target.server.cpuMs();
    const start = performance.now();
    for (const client of clients) {
      target.budget.take(client.member.userId);
      await client.join(room, 0);
    }
    const seconds = (performance.now() - start) / 1000;
    await sleep(2500);
    await quiet(500, 10_000);
    return {
      bytes: totalBytes(clients) - bytesBefore,
      presenceBytes: totalBytes(clients, "presence") + totalBytes(clients, "typing") - presenceBefore,
      members: members.length,
      seconds,
      serverCpuMs: target.server.cpuMs() - cpuBefore,
    };
  } finally {
    closeAll(clients);
    await sleep(1000);
  }
}
