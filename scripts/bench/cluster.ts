import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgres, type PostgresService } from "../services/postgres";
import { startRedis, type RedisService } from "../services/redis";
import { cast, type BenchData, type Member } from "./bench-data";
import { closeAll, connectAll, joinAll, quiet, RefusedError, studyCircleTarget, type BenchClient, type Target } from "./clients";
import { FloodBudget } from "./flood-budget";
import type { Figure } from "./report";
import { findProcess, readTreeCpuMs, startStudyCircle, type ServerProcess } from "./servers";
import { median, summariseLatencies, type LatencySummary } from "./stats";

/**
 * The cluster mode of `npm run bench` (BENCH_CLUSTER=1): two Study Circle nodes on one
 * PostgreSQL and one Redis against one node on SQLite, in the same run, with the same
 * authenticated socket clients. Every scenario places members on the two nodes (the single
 * node takes both halves), and the two sides take turns in short rounds, as in realtime.ts.
 */

export type ClusterBenchSettings = {
  /** Members of the fan-out room (split half/half across the nodes). */
  roomSize: 50 | 200;
  /** Annotations per second sent into that room, all from members on node 1. */
  ratePerSecond: number;
  /** Per side, in total over the rounds. */
  steadyMs: number;
  smallRoomsMs: number;
  rounds: number;
  catchUpRepeats: number;
};

export const clusterBenchSettings = {
  full: { roomSize: 200, ratePerSecond: 20, steadyMs: 8000, smallRoomsMs: 8000, rounds: 4, catchUpRepeats: 4 },
  quick: { roomSize: 50, ratePerSecond: 20, steadyMs: 3000, smallRoomsMs: 4000, rounds: 2, catchUpRepeats: 2 },
} satisfies Record<string, ClusterBenchSettings>;

const CATCH_UP_EVENTS = 1000;
/** How long the fan-out probe waits for node 2's members before calling cross-node fan-out missing. */
const PROBE_MS = 5000;

/** Which of the two nodes a member connects to (the single SQLite node takes both). */
type Half = 0 | 1;

/** A service whose CPU time is counted beside the nodes' (PostgreSQL with its backends, Redis). */
type Service = { label: string; cpuMs: () => number };

/** One side of the comparison: its nodes, one flood budget for them all, its data and services. */
type Side = { name: string; nodes: Target[]; data: BenchData; services: Service[] };

type SideResults<T> = { cluster: T; single: T };
const sideNames = ["cluster", "single"] as const;
type SideName = (typeof sideNames)[number];

/** A connected member and the half (node) it is on. */
type Placed = { client: BenchClient; half: Half };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

/** Runs `segment` for each side `rounds` times, swapping which goes first every round. */
async function alternate(rounds: number, segment: (side: SideName, round: number) => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? sideNames : ([...sideNames].reverse() as SideName[])) await segment(side, round);
  }
}

function nodeOf(side: Side, half: Half): Target {
  return side.nodes[Math.min(half, side.nodes.length - 1)]!;
}

function cpuOfNodes(side: Side): number[] {
  return side.nodes.map((node) => node.server.cpuMs());
}

function cpuOfServices(side: Side): number[] {
  return side.services.map((service) => service.cpuMs());
}

const minus = (after: number[], before: number[]) => after.map((value, index) => value - before[index]!);
const add = (into: number[], more: number[]) => more.forEach((value, index) => (into[index] = (into[index] ?? 0) + value));

/** Connects each member to the node of its half and joins it to `roomOf(index)`. */
async function connectPlaced(side: Side, members: readonly Member[], halfOf: (index: number) => Half, roomOf: (index: number) => string): Promise<Placed[]> {
  const placed: Placed[] = new Array(members.length);
  for (const half of [0, 1] as const) {
    const indexes = members.map((_member, index) => index).filter((index) => halfOf(index) === half);
    const node = nodeOf(side, half);
    const clients = await connectAll(
      node,
      indexes.map((index) => members[index]!),
    );
    await joinAll(node, clients, (_client, position) => roomOf(indexes[position]!));
    clients.forEach((client, position) => (placed[indexes[position]!] = { client, half }));
  }
  await quiet();
  return placed;
}

/**
 * Every member sends `perMember` changes, unmeasured, so that both sides are measured warm
 * (JIT, prepared statements on every pooled PostgreSQL connection, the adapter's channels).
 */
async function warmUp(side: Side, placed: Placed[], roomOf: (index: number) => string, tag: string, perMember = 2): Promise<void> {
  await Promise.all(
    placed.map(async ({ client, half }, index) => {
      for (let count = 0; count < perMember; count += 1) {
        if (!nodeOf(side, half).budget.take(client.member.userId)) return;
        await client.send(roomOf(index), `${tag}-${index}-${count}`).catch(() => undefined);
      }
    }),
  );
  await quiet();
}

/** Deadlocks and rolled-back transactions in the app's database so far (pg_stat_database). */
async function postgresCounters(url: string): Promise<{ deadlocks: number; rollbacks: number; commits: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ deadlocks: string; rollbacks: string; commits: string }>(
      "SELECT deadlocks, xact_rollback AS rollbacks, xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()",
    );
    return { deadlocks: Number(rows[0]!.deadlocks), rollbacks: Number(rows[0]!.rollbacks), commits: Number(rows[0]!.commits) };
  } finally {
    await client.end();
  }
}

async function closePlaced(placed: Placed[]): Promise<void> {
  for (const { client } of placed) client.onDelivery(null);
  closeAll(placed.map(({ client }) => client));
  await sleep(1000);
  await quiet();
}

/** Result of the split-room scenario for one side. */
type SplitRoomResult = {
  /** Latency from send to receipt, by the half the receiving member is on. */
  latency: [LatencySummary, LatencySummary];
  expected: [number, number];
  received: [number, number];
  /** Whether a probe change sent on node 1 reached the members on node 2 at all. */
  crossNode: boolean;
  broadcasts: number;
  nodeCpuMs: number[];
  serviceCpuMs: number[];
  refusals: number;
};

/**
 * One room whose members are split half/half across the two nodes; every change is sent by
 * a member on node 1 at a steady rate. Latency from send to receipt at every member, kept
 * apart by the receiving member's node, and CPU time of each node and service meanwhile.
 * A probe first checks that node 2's members hear node 1's broadcasts at all (the Redis
 * adapter); without it, node 2's deliveries are reported missing instead of waited for.
 */
async function splitRoom(sides: SideResults<Side>, settings: ClusterBenchSettings): Promise<SideResults<SplitRoomResult>> {
  const size = settings.roomSize;
  const halfOf = (index: number): Half => (index < size / 2 ? 0 : 1);
  const placed = {} as SideResults<Placed[]>;
  const results = {} as SideResults<SplitRoomResult>;
  const samples = { cluster: [[], []], single: [[], []] } as SideResults<[number[], number[]]>;
  try {
    for (const name of sideNames) {
      const side = sides[name];
      const room = size === 50 ? side.data.rooms.big.n50 : side.data.rooms.big.n200;
      placed[name] = await connectPlaced(side, side.data.members.slice(cast.big.from, cast.big.from + size), halfOf, () => room);
      results[name] = {
        latency: [summariseLatencies([]), summariseLatencies([])],
        expected: [0, 0],
        received: [0, 0],
        crossNode: await probe(side, placed[name], room, `${name}-probe`),
        broadcasts: 0,
        nodeCpuMs: side.nodes.map(() => 0),
        serviceCpuMs: side.services.map(() => 0),
        refusals: 0,
      };
    }

    await alternate(settings.rounds, async (name, round) => {
      const side = sides[name];
      const result = results[name];
      const room = size === 50 ? side.data.rooms.big.n50 : side.data.rooms.big.n200;
      const members = placed[name];
      const senders = members.filter(({ half }) => half === 0).map(({ client }) => client);
      const counts: [number, number] = [members.filter(({ half }) => half === 0).length, members.filter(({ half }) => half === 1).length];
      const sentAt = new Map<string, number>();
      const got: [number, number] = [0, 0];
      for (const { client, half } of members) {
        client.onDelivery((opId) => {
          const sent = sentAt.get(opId);
          if (sent === undefined) return;
          samples[name][half].push(performance.now() - sent);
          got[half] += 1;
        });
      }
      const nodesBefore = cpuOfNodes(side);
      const servicesBefore = cpuOfServices(side);
      const total = Math.round((settings.ratePerSecond * settings.steadyMs) / settings.rounds / 1000);
      const start = performance.now();
      let next = 0;
      let sent = 0;
      for (let index = 0; index < total; index += 1) {
        const wait = start + (index * 1000) / settings.ratePerSecond - performance.now();
        if (wait > 0) await sleep(wait);
        let sender: BenchClient | undefined;
        for (let tries = 0; tries < senders.length && !sender; tries += 1) {
          const candidate = senders[next++ % senders.length]!;
          if (nodeOf(side, 0).budget.take(candidate.member.userId)) sender = candidate;
        }
        if (!sender) continue;
        const opId = `${name}-split-${round}-${index}`;
        sentAt.set(opId, performance.now());
        sent += 1;
        sender.send(room, opId).catch(() => (result.refusals += 1));
      }
      const expected: [number, number] = [sent * counts[0], sent * counts[1]];
      await until(() => got[0] >= expected[0] && (!result.crossNode || got[1] >= expected[1]), 10_000);
      add(result.nodeCpuMs, minus(cpuOfNodes(side), nodesBefore));
      add(result.serviceCpuMs, minus(cpuOfServices(side), servicesBefore));
      result.broadcasts += sent;
      result.expected[0] += expected[0];
      result.expected[1] += expected[1];
      result.received[0] += got[0];
      result.received[1] += got[1];
    });
    for (const name of sideNames) {
      results[name].latency = [summariseLatencies(samples[name][0]), summariseLatencies(samples[name][1])];
    }
    return results;
  } finally {
    for (const name of sideNames) if (placed[name]) await closePlaced(placed[name]);
  }
}

/** Sends one change from a member on node 1; true when every member on node 2 receives it within PROBE_MS. */
async function probe(side: Side, placed: Placed[], room: string, opId: string): Promise<boolean> {
  const far = placed.filter(({ half }) => half === 1);
  let heard = 0;
  for (const { client } of far) client.onDelivery((id) => id === opId && (heard += 1));
  const sender = placed.find(({ half }) => half === 0)!.client;
  nodeOf(side, 0).budget.take(sender.member.userId);
  await sender.send(room, opId);
  const reached = await until(() => heard >= far.length, PROBE_MS);
  for (const { client } of far) client.onDelivery(null);
  return reached;
}

/** Result of the small-rooms scenario for one side. */
type SmallRoomsResult = {
  opsPerSecond: number;
  ops: number;
  seconds: number;
  /** Changes answered (acked or refused) through each node, and each node's and service's CPU meanwhile. */
  answered: number[];
  nodeCpuMs: number[];
  serviceCpuMs: number[];
  budgetBound: boolean;
  refusals: Map<string, number>;
};

/**
 * 50 rooms of 4, two members of each room on node 1 and two on node 2 (so both nodes write
 * to every session and contend for its log); every member keeps one change in flight.
 * Persisted (acknowledged) changes per second, and CPU per change of each process.
 */
async function smallRooms(sides: SideResults<Side>, settings: ClusterBenchSettings): Promise<SideResults<SmallRoomsResult>> {
  const perRoom = cast.small.perRoom;
  const halfOf = (index: number): Half => (index % perRoom < perRoom / 2 ? 0 : 1);
  const placed = {} as SideResults<Placed[]>;
  const results = {} as SideResults<SmallRoomsResult>;
  try {
    for (const name of sideNames) {
      const side = sides[name];
      const rooms = side.data.rooms.small;
      const members = side.data.members.slice(cast.small.from, cast.small.from + cast.small.rooms * perRoom);
      placed[name] = await connectPlaced(side, members, halfOf, (index) => rooms[Math.floor(index / perRoom)]!);
      results[name] = {
        opsPerSecond: 0,
        ops: 0,
        seconds: 0,
        answered: side.nodes.map(() => 0),
        nodeCpuMs: side.nodes.map(() => 0),
        serviceCpuMs: side.services.map(() => 0),
        budgetBound: false,
        refusals: new Map(),
      };
    }
    for (const name of sideNames) {
      const rooms = sides[name].data.rooms.small;
      await warmUp(sides[name], placed[name], (index) => rooms[Math.floor(index / perRoom)]!, `${name}-warm`);
    }
    await alternate(settings.rounds, async (name, round) => {
      const side = sides[name];
      const result = results[name];
      const rooms = side.data.rooms.small;
      const nodesBefore = cpuOfNodes(side);
      const servicesBefore = cpuOfServices(side);
      const start = performance.now();
      let cutoff = start + settings.smallRoomsMs / settings.rounds;
      let acked = 0;
      await Promise.all(
        placed[name].map(async ({ client, half }, clientIndex) => {
          const node = Math.min(half, side.nodes.length - 1);
          for (let index = 0; performance.now() < cutoff; index += 1) {
            if (!nodeOf(side, half).budget.take(client.member.userId)) {
              result.budgetBound = true;
              cutoff = Math.min(cutoff, performance.now());
              break;
            }
            try {
              await client.send(rooms[Math.floor(clientIndex / perRoom)]!, `${name}-small-${round}-${clientIndex}-${index}`);
              if (performance.now() <= cutoff) acked += 1;
            } catch (error) {
              const code = error instanceof RefusedError ? error.code : String(error);
              result.refusals.set(code, (result.refusals.get(code) ?? 0) + 1);
            }
            result.answered[node]! += 1;
          }
        }),
      );
      add(result.nodeCpuMs, minus(cpuOfNodes(side), nodesBefore));
      add(result.serviceCpuMs, minus(cpuOfServices(side), servicesBefore));
      result.ops += acked;
      result.seconds += (cutoff - start) / 1000;
    });
    for (const name of sideNames) results[name].opsPerSecond = results[name].ops / results[name].seconds;
    return results;
  } finally {
    for (const name of sideNames) if (placed[name]) await closePlaced(placed[name]);
  }
}

/** Result of the catch-up scenario for one side. */
type CatchUpResult = { medianMs: number; samplesMs: number[]; caughtUp: number; kind: string; refusals: number };

/**
 * A member who missed 1,000 changes rejoins: the writers are on node 1, the member on node 2
 * (so the missed events are read back from PostgreSQL by a node that did not write them).
 */
async function catchUp(sides: SideResults<Side>, repeats: number): Promise<SideResults<CatchUpResult>> {
  const results = {} as SideResults<CatchUpResult>;
  const lastSeen = {} as SideResults<number>;
  for (const name of sideNames) {
    const side = sides[name];
    const room = side.data.rooms.catchUp;
    const laggard = side.data.members[cast.catchUp.laggard]!;
    const result: CatchUpResult = { medianMs: 0, samplesMs: [], caughtUp: 0, kind: "", refusals: 0 };
    results[name] = result;
    const first = await nodeOf(side, 1).connect(laggard);
    nodeOf(side, 1).budget.take(laggard.userId);
    lastSeen[name] = (await first.join(room, 0)).lastSeq;
    first.close();
    const writerNode = nodeOf(side, 0);
    const writers = await connectAll(writerNode, side.data.members.slice(cast.catchUp.writersFrom, cast.catchUp.writersFrom + cast.catchUp.writers));
    try {
      await joinAll(writerNode, writers, () => room);
      const perWriter = Math.ceil(CATCH_UP_EVENTS / writers.length);
      let made = 0;
      await Promise.all(
        writers.map(async (client, writerIndex) => {
          for (let index = 0; index < perWriter && made < CATCH_UP_EVENTS; index += 1) {
            made += 1;
            if (!writerNode.budget.take(client.member.userId)) throw new Error("catch-up writers ran out of flood budget");
            await client.send(room, `${name}-catchup-${writerIndex}-${index}`).catch(() => (result.refusals += 1));
          }
        }),
      );
    } finally {
      closeAll(writers);
    }
  }
  await sleep(500);
  await alternate(repeats, async (name) => {
    const side = sides[name];
    const result = results[name];
    const node = nodeOf(side, 1);
    const client = await node.connect(side.data.members[cast.catchUp.laggard]!);
    node.budget.take(client.member.userId);
    const startedAt = performance.now();
    const joined = await client.join(side.data.rooms.catchUp, lastSeen[name]);
    result.samplesMs.push(performance.now() - startedAt);
    result.caughtUp = joined.caughtUp;
    result.kind = joined.kind;
    client.close();
    await sleep(200);
  });
  for (const name of sideNames) results[name].medianMs = median(results[name].samplesMs);
  return results;
}

/** Prepares the benchmark's data in a child process (scripts/bench/prepare-data.ts): SQLite, or PostgreSQL with a URL. */
export async function prepareInChild(input: { dataDir: string; authSecret: string; databaseUrl?: string }): Promise<BenchData> {
  const output = path.join(input.dataDir, "bench-data.json");
  const { DATABASE_URL: _inherited, DATABASE_FILE: _file, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/prepare-data.ts", output], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...env,
      ...(input.databaseUrl && { DATABASE_URL: input.databaseUrl }),
      BENCH_DATA_DIR: input.dataDir,
      BENCH_AUTH_SECRET: input.authSecret,
      BENCH_MEMBERS: String(cast.catchUp.laggard + 1),
      BENCH_MEMORY_ROOMS: "false",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let said = "";
  child.stdout.on("data", (chunk: Buffer) => (said = (said + chunk.toString("utf8")).slice(-4000)));
  child.stderr.on("data", (chunk: Buffer) => (said = (said + chunk.toString("utf8")).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`preparing the benchmark data (${input.databaseUrl ? "PostgreSQL" : "SQLite"}) failed:\n${said}`);
  return JSON.parse(readFileSync(output, "utf8")) as BenchData;
}

/** A CPU reader for a service process found by its command line; zero if it cannot be found. */
function serviceCpu(label: string, matches: (commandLine: string) => boolean): Service {
  const pid = findProcess(matches);
  if (pid === undefined) throw new Error(`cannot find the ${label} process to measure its CPU time`);
  return { label, cpuMs: () => readTreeCpuMs(pid) };
}

/**
 * Runs the cluster comparison and returns its figures (ours = the two PostgreSQL + Redis
 * nodes, bare = the single SQLite node) with a line saying whether cross-node fan-out worked.
 */
export async function runClusterBench(options: { settings: ClusterBenchSettings; log: (line: string) => void }): Promise<Figure[]> {
  const { settings, log } = options;
  const dirs = [
    mkdtempSync(path.join(tmpdir(), "study-circle-bench-sqlite-")),
    mkdtempSync(path.join(tmpdir(), "study-circle-bench-node1-")),
    mkdtempSync(path.join(tmpdir(), "study-circle-bench-node2-")),
  ];
  const authSecret = randomBytes(32).toString("base64url");
  const servers: ServerProcess[] = [];
  let postgres: PostgresService | undefined;
  let redis: RedisService | undefined;
  try {
    log("starting PostgreSQL and Redis (scripts/services) while preparing the SQLite data");
    const services = Promise.all([startPostgres(), startRedis()]);
    const singleData = prepareInChild({ dataDir: dirs[0]!, authSecret });
    [postgres, redis] = await services;
    log(`preparing the same accounts and sessions in PostgreSQL (port ${postgres.port}); Redis on port ${redis.port}`);
    const [sqliteData, postgresData] = await Promise.all([singleData, prepareInChild({ dataDir: dirs[1]!, authSecret, databaseUrl: postgres.url })]);

    log("starting node 1 and node 2 (PostgreSQL + Redis) and the single node (SQLite), production build");
    // One at a time: three production starts at once on a busy two-core box can take minutes.
    const node1 = await startStudyCircle({ dataDir: dirs[1]!, authSecret, label: "node 1", databaseUrl: postgres.url, redisUrl: redis.url });
    servers.push(node1);
    const node2 = await startStudyCircle({ dataDir: dirs[2]!, authSecret, label: "node 2", databaseUrl: postgres.url, redisUrl: redis.url });
    servers.push(node2);
    const single = await startStudyCircle({ dataDir: dirs[0]!, authSecret, label: "single node", databaseUrl: null, redisUrl: null });
    servers.push(single);
    const pgPort = postgres.port;
    const redisPort = redis.port;
    const clusterBudget = FloodBudget.forStudyCircle();
    const singleBudget = FloodBudget.forStudyCircle();
    const sides: SideResults<Side> = {
      cluster: {
        name: "2 nodes + PostgreSQL + Redis",
        nodes: [node1, node2].map((node) => ({ ...studyCircleTarget(node, postgresData.passages), budget: clusterBudget })),
        data: postgresData,
        services: [
          serviceCpu("PostgreSQL", (line) => /\/postgres( |$)/.test(line) && line.includes(` -p ${pgPort} `)),
          serviceCpu("Redis", (line) => line.includes("redis-server") && line.includes(`:${redisPort}`)),
        ],
      },
      single: { name: "1 node + SQLite", nodes: [{ ...studyCircleTarget(single, sqliteData.passages), budget: singleBudget }], data: sqliteData, services: [] },
    };
    const figures: Figure[] = [];
    const us = (ms: number, count: number) => (count > 0 ? (ms * 1000) / count : Number.NaN);

    log(`${cast.small.rooms} rooms of ${cast.small.perRoom} (2 members of each room on each node), both sides in turns`);
    const countersBefore = await postgresCounters(postgres.url);
    const small = await smallRooms(sides, settings);
    // pg_stat_database is updated when a backend reports, at most every 500 ms or so.
    await sleep(1500);
    const counters = minus(Object.values(await postgresCounters(postgres.url)), Object.values(countersBefore));
    const smallScenario = `${cast.small.rooms} rooms × ${cast.small.perRoom}, split 2 + 2, 1 in flight each`;
    const refusals = (map: Map<string, number>) => (map.size ? `; refused: ${[...map].map(([code, count]) => `${code} ×${count}`).join(", ")}` : "");
    figures.push({
      scenario: smallScenario,
      name: "persisted ops/s",
      unit: "ops/s",
      ours: small.cluster.opsPerSecond,
      bare: small.single.opsPerSecond,
      note: `${small.cluster.ops} ops in ${small.cluster.seconds.toFixed(1)} s / ${small.single.ops} in ${small.single.seconds.toFixed(1)} s${small.cluster.budgetBound || small.single.budgetBound ? "; counted only until a member used up its flood budget" : ""}${refusals(small.cluster.refusals)}${refusals(small.single.refusals)}`,
    });
    const singleAnswered = small.single.answered[0]!;
    const singlePerOp = us(small.single.nodeCpuMs[0]!, singleAnswered);
    for (const node of [0, 1]) {
      figures.push({
        scenario: smallScenario,
        name: `server CPU per op, node ${node + 1}`,
        unit: "µs",
        ours: us(small.cluster.nodeCpuMs[node]!, small.cluster.answered[node]!),
        bare: singlePerOp,
        ...(node === 0 && { note: "a node's CPU ÷ the ops sent through it (it also delivers the other node's changes to its members); bare column: the single node" }),
      });
    }
    const clusterAnswered = small.cluster.answered[0]! + small.cluster.answered[1]!;
    sides.cluster.services.forEach((service, index) =>
      figures.push({ scenario: smallScenario, name: `${service.label} CPU per op`, unit: "µs", ours: us(small.cluster.serviceCpuMs[index]!, clusterAnswered), bare: null }),
    );
    const clusterTotal = [...small.cluster.nodeCpuMs, ...small.cluster.serviceCpuMs].reduce((sum, ms) => sum + ms, 0);
    figures.push({
      scenario: smallScenario,
      name: "all processes' CPU per op",
      unit: "µs",
      ours: us(clusterTotal, clusterAnswered),
      bare: singlePerOp,
      note: `nodes + PostgreSQL + Redis, from /proc; one free core would persist ≈ ${Math.round(1e6 / us(clusterTotal, clusterAnswered)).toLocaleString("en-US")} ops/s in the cluster, ≈ ${Math.round(1e6 / singlePerOp).toLocaleString("en-US")} on the single node`,
    });

    figures.push({
      scenario: smallScenario,
      name: "PostgreSQL deadlocks (batch retried)",
      unit: "count",
      ours: counters[0]!,
      bare: null,
      note: `pg_stat_database over the scenario (warm-up included): ${counters[0]} deadlocks, ${counters[1]} transactions rolled back, ${counters[2]} committed for ${clusterAnswered} ops and the joins; each node's group commit locks the sessions of one batch in arrival order, so two nodes can lock two sessions in opposite orders`,
    });
    const size = settings.roomSize;
    log(`one room of ${size}, ${size / 2} members on each node, sender on node 1, both sides in turns`);
    const split = await splitRoom(sides, settings);
    const roomScenario = `1 room × ${size} split ${size / 2} + ${size / 2}, ${settings.ratePerSecond}/s from node 1`;
    const crossNode = split.cluster.crossNode;
    for (const half of [0, 1] as const) {
      for (const key of ["p50", "p99"] as const) {
        const missing = half === 1 && !crossNode;
        figures.push({
          scenario: roomScenario,
          name: `${key} send → receipt, members on node ${half + 1}`,
          unit: "ms",
          ours: missing ? Number.NaN : split.cluster.latency[half][key],
          bare: split.single.latency[half][key],
          ...(half === 1 && key === "p99" && { target: { text: "node 2 receives", met: crossNode && split.cluster.received[1] >= split.cluster.expected[1] } }),
          ...(key === "p99" && {
            note: `${split.cluster.received[half]} of ${split.cluster.expected[half]} deliveries / single node ${split.single.received[half]} of ${split.single.expected[half]}${half === 0 ? "; the bare column is the single node's members in the same half" : ""}${missing ? "; CROSS-NODE FAN-OUT MISSING: node 2's members never heard node 1's broadcasts (is the Socket.IO Redis adapter in this branch? REDIS_URL was set)" : ""}`,
          }),
        });
      }
    }
    const clusterNodesMs = split.cluster.nodeCpuMs[0]! + split.cluster.nodeCpuMs[1]!;
    figures.push({
      scenario: roomScenario,
      name: "nodes' CPU per broadcast (op + deliveries)",
      unit: "µs",
      ours: us(clusterNodesMs, split.cluster.broadcasts),
      bare: us(split.single.nodeCpuMs[0]!, split.single.broadcasts),
      note: `node 1 ${us(split.cluster.nodeCpuMs[0]!, split.cluster.broadcasts).toFixed(0)} µs + node 2 ${us(split.cluster.nodeCpuMs[1]!, split.cluster.broadcasts).toFixed(0)} µs per broadcast`,
    });
    figures.push({
      scenario: roomScenario,
      name: "node 2 CPU per delivery (receives only)",
      unit: "µs",
      ours: us(split.cluster.nodeCpuMs[1]!, split.cluster.received[1]),
      bare: null,
      note: "node 2 writes nothing here: its CPU is taking each broadcast from Redis and writing it to its members' sockets",
    });
    sides.cluster.services.forEach((service, index) =>
      figures.push({
        scenario: roomScenario,
        name: `${service.label} CPU per broadcast`,
        unit: "µs",
        ours: us(split.cluster.serviceCpuMs[index]!, split.cluster.broadcasts),
        bare: null,
      }),
    );

    log(`catch-up of ${CATCH_UP_EVENTS} missed events (written through node 1, rejoining on node 2), both sides in turns`);
    const caught = await catchUp(sides, settings.catchUpRepeats);
    figures.push({
      scenario: `missed ${CATCH_UP_EVENTS} events, rejoins on node 2`,
      name: "join → ack with all missed, median",
      unit: "ms",
      ours: caught.cluster.medianMs,
      bare: caught.single.medianMs,
      target: { text: "< 500 ms", met: caught.cluster.medianMs < 500 && caught.cluster.caughtUp === CATCH_UP_EVENTS },
      note: `cluster: ${caught.cluster.caughtUp} ${caught.cluster.kind} read from PostgreSQL (${caught.cluster.samplesMs.map((ms) => ms.toFixed(0)).join(", ")} ms); single: ${caught.single.caughtUp} ${caught.single.kind} from SQLite (${caught.single.samplesMs.map((ms) => ms.toFixed(0)).join(", ")} ms)`,
    });
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await Promise.all([redis?.stop(), postgres?.stop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
