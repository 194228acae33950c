import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startPostgres, type PostgresService } from "../services/postgres";
import { cast, type BenchData } from "./bench-data";
import { bareTarget, closeAll, connectAll, joinAll, quiet, RefusedError, studyCircleTarget, type BenchClient, type OperationMix, type Target } from "./clients";
import { prepareInChild } from "./cluster";
import { FloodBudget } from "./flood-budget";
import type { Figure } from "./report";
import { oneRoom, type Pair } from "./scenarios";
import { findProcess, readTreeCpuMs, readTreeWriteBytes, readWriteBytes, startBare, startStudyCircle, type ServerProcess } from "./servers";

/**
 * The write-path mode of `npm run bench` (BENCH_WRITEPATH=1; BENCH_ENGINE=postgres for
 * PostgreSQL through scripts/services): 50 rooms of 4, every member keeping one change in
 * flight, against the bare relay in the same run. Two mixes: annotations with a short comment,
 * and a comment-heavy mix (annotations, replies, thread messages with longer comments). For
 * each: persisted ops/s, server CPU per op, and bytes written to storage per comment — the
 * server process's write_bytes (SQLite's WAL and checkpoints, the search index included)
 * or, on PostgreSQL, its processes' write_bytes and the WAL it generated. On SQLite the
 * annotations mix also runs on a second server that does not sync the WAL before acknowledging
 * (BENCH_SQLITE_SYNCHRONOUS=normal, for the bench only), to show what durability costs.
 * BENCH_WRITEPATH_PARTS picks some of the four parts (comma-separated: annotations, comments,
 * fanout, durability; all unless given), for a shorter run while working on one figure.
 */
export type WritePathBenchSettings = { ms: number; rounds: number; fanOutMs: number; fanOutRounds: number };

export const writePathBenchSettings = {
  full: { ms: 8000, rounds: 4, fanOutMs: 8000, fanOutRounds: 8 },
  quick: { ms: 3000, rounds: 2, fanOutMs: 3000, fanOutRounds: 4 },
} satisfies Record<string, WritePathBenchSettings>;

/** The fan-out figure's room: 200 members, annotations at a steady rate well under both servers' capacity (as in the live-sync bench). */
const FAN_OUT_ROOM = { size: 200, ratePerSecond: 20, window: 64 } as const;

const PARTS = ["annotations", "comments", "fanout", "durability"] as const;
type Part = (typeof PARTS)[number];

/** The parts BENCH_WRITEPATH_PARTS names (every part when it is unset); an unknown name is an error, not a silent skip. */
export function writePathParts(setting = process.env.BENCH_WRITEPATH_PARTS): Set<Part> {
  if (!setting?.trim()) return new Set(PARTS);
  const names = setting.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`BENCH_WRITEPATH_PARTS: unknown part ${unknown.join(", ")} (known: ${PARTS.join(", ")})`);
  return new Set(names as Part[]);
}

/** Time after each round for the search indexer (batched, about once a second) to write what the round changed. */
const SETTLE_MS = 1500;

type Side = "ours" | "bare";
type RoundTotals = {
  ops: number;
  answered: number;
  seconds: number;
  cpuMs: number;
  /** PostgreSQL's CPU (postmaster and backends) in our rounds; 0 on SQLite, whose work is the server's own. */
  databaseCpuMs: number;
  bytes: number;
  walBytes: number;
  budgetBound: boolean;
  refusals: Map<string, number>;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A probe of the storage writes of one side: the WAL of SQLite or PostgreSQL, and the processes' write_bytes. */
type WriteProbe = { bytes: () => number; walBytes: () => Promise<number>; databaseCpuMs: () => number; stop: () => void };

export async function runWritePathBench(options: { settings: WritePathBenchSettings; engine: "sqlite" | "postgres"; log: (line: string) => void }): Promise<Figure[]> {
  const { settings, engine, log } = options;
  const parts = writePathParts();
  const dirs = [mkdtempSync(path.join(tmpdir(), "study-circle-bench-writes-")), mkdtempSync(path.join(tmpdir(), "study-circle-bench-writes-normal-"))];
  const authSecret = randomBytes(32).toString("base64url");
  const servers: ServerProcess[] = [];
  let postgres: PostgresService | undefined;
  try {
    if (engine === "postgres") {
      log("starting PostgreSQL (scripts/services)");
      postgres = await startPostgres();
    }
    log(`preparing accounts and sessions (${engine})`);
    const data = await prepareInChild({ dataDir: dirs[0]!, authSecret, ...(postgres && { databaseUrl: postgres.url }) });
    log("starting Study Circle (production build) and the bare Socket.IO server");
    const real = await startStudyCircle({ dataDir: dirs[0]!, authSecret, databaseUrl: postgres?.url ?? null, redisUrl: null });
    servers.push(real);
    const bare = await startBare();
    servers.push(bare);
    const probe = writeProbe(real, postgres, path.join(dirs[0]!, "study-circle.sqlite"));
    const budget = FloodBudget.forStudyCircle();
    const figures: Figure[] = [];
    for (const mix of (["annotations", "comments"] as const).filter((mix) => parts.has(mix))) {
      log(`${cast.small.rooms} rooms × ${cast.small.perRoom}, mix "${mix}", both servers in turns`);
      const ours = { ...studyCircleTarget(real, data.passages, mix), budget };
      const result = await persistLoad({ ours, bare: bareTarget(bare, data.passages, mix) }, data, probe, settings, `${mix}-${engine}`);
      figures.push(...mixFigures(mix, engine, result));
      // Let every member's flood budget fill again before the next mix.
      await sleep(11_000);
    }
    if (parts.has("fanout")) {
      log(`one room of ${FAN_OUT_ROOM.size} members, ${FAN_OUT_ROOM.ratePerSecond} annotations/s, both servers in turns`);
      figures.push(...(await fanOutFigures({ ours: studyCircleTarget(real, data.passages), bare: bareTarget(bare, data.passages) }, data, settings, engine)));
    }
    if (engine === "sqlite" && parts.has("durability")) {
      log("the annotations mix again on a server that does not sync the WAL before acknowledging (what durability costs)");
      const normalData = await prepareInChild({ dataDir: dirs[1]!, authSecret });
      const normal = await startStudyCircle({
        dataDir: dirs[1]!,
        authSecret,
        label: "synchronous normal",
        databaseUrl: null,
        redisUrl: null,
        env: { BENCH_SQLITE_SYNCHRONOUS: "normal" },
      });
      servers.push(normal);
      const full = { ...studyCircleTarget(real, data.passages, "annotations"), budget };
      const relaxed = { ...studyCircleTarget(normal, normalData.passages, "annotations"), budget: FloodBudget.forStudyCircle() };
      const compared = await persistLoad({ ours: full, bare: relaxed }, data, probe, settings, "durability", normalData);
      figures.push({
        scenario: "annotations, WAL synced before each ack vs not",
        name: "persisted ops/s (bare column: NORMAL, no sync)",
        unit: "ops/s",
        ours: compared.ours.ops / compared.ours.seconds,
        bare: compared.bare.ops / compared.bare.seconds,
        note: `the default syncs the WAL before acknowledging (an fsync off the event loop, shared by the commits made meanwhile); NORMAL alone syncs only at checkpoints (an ack could be lost to a power cut). CPU per op synced ${us(compared.ours.cpuMs, compared.ours.answered)} µs, NORMAL ${us(compared.bare.cpuMs, compared.bare.answered)} µs`,
      });
    }
    probe.stop();
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await postgres?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** Send → receipt at every member of one room of 200, ours against bare in alternating rounds (the live-sync bench's scenario, on this engine). */
async function fanOutFigures(targets: Pair<Target>, data: BenchData, settings: WritePathBenchSettings, engine: "sqlite" | "postgres"): Promise<Figure[]> {
  const members = data.members.slice(cast.big.from, cast.big.from + FAN_OUT_ROOM.size);
  const result = await oneRoom(targets, members, {
    room: data.rooms.big.n200,
    ratePerSecond: FAN_OUT_ROOM.ratePerSecond,
    steadyMs: settings.fanOutMs,
    window: FAN_OUT_ROOM.window,
    saturationMs: settings.fanOutMs / 2,
    rounds: settings.fanOutRounds,
    tag: `fanout-${engine}`,
  });
  const scenario = `1 room × ${FAN_OUT_ROOM.size}, ${FAN_OUT_ROOM.ratePerSecond} annotations/s, ${engine}`;
  const { ours, bare } = result;
  const lost = ours.lostDeliveries + bare.lostDeliveries > 0 ? `; not delivered within 10 s: ours ${ours.lostDeliveries}, bare ${bare.lostDeliveries}` : "";
  const refused = ours.refusals.size ? `; refused: ${[...ours.refusals].map(([code, count]) => `${code} ×${count}`).join(", ")}` : "";
  return [
    { scenario, name: "p50 send → receipt", unit: "ms", ours: ours.latency.p50, bare: bare.latency.p50 },
    {
      scenario,
      name: "p99 send → receipt",
      unit: "ms",
      ours: ours.latency.p99,
      bare: bare.latency.p99,
      target: { text: "≤ 1.3× bare", met: ours.latency.p99 <= 1.3 * bare.latency.p99 },
      note: `${ours.latency.count} / ${bare.latency.count} deliveries timed${lost}${refused}`,
    },
    {
      scenario: `1 room × ${FAN_OUT_ROOM.size}, ${FAN_OUT_ROOM.window} in flight, ${engine}`,
      name: "deliveries/s",
      unit: "msg/s",
      ours: ours.deliveriesPerSecond,
      bare: bare.deliveriesPerSecond,
      note: `${ours.saturationOps} / ${bare.saturationOps} annotations sent${ours.budgetBound ? "; ours was held back by the per-member flood budget" : ""}`,
    },
  ];
}

function us(ms: number, count: number): string {
  return count > 0 ? ((ms * 1000) / count).toFixed(0) : "–";
}

function mixFigures(mix: OperationMix, engine: "sqlite" | "postgres", result: Record<Side, RoundTotals>): Figure[] {
  const scenario = `${cast.small.rooms} rooms × ${cast.small.perRoom}, ${mix === "comments" ? "comment-heavy mix" : "annotations with a comment"}, ${engine}`;
  const refusals = (map: Map<string, number>) => (map.size ? `; refused: ${[...map].map(([code, count]) => `${code} ×${count}`).join(", ")}` : "");
  const opsPerSecond = (totals: RoundTotals) => totals.ops / totals.seconds;
  const cpuPerOp = (totals: RoundTotals) => (totals.cpuMs * 1000) / totals.answered;
  const figures: Figure[] = [
    {
      scenario,
      name: "persisted ops/s (bare: acked relays/s)",
      unit: "ops/s",
      ours: opsPerSecond(result.ours),
      bare: opsPerSecond(result.bare),
      target: { text: "≥ 0.4× bare", met: opsPerSecond(result.ours) >= 0.4 * opsPerSecond(result.bare) },
      note: `${result.ours.ops} ops in ${result.ours.seconds.toFixed(1)} s / ${result.bare.ops} in ${result.bare.seconds.toFixed(1)} s${result.ours.budgetBound ? "; counted only until a member used up its flood budget" : ""}${refusals(result.ours.refusals)}`,
    },
    {
      scenario,
      name: "server CPU per op",
      unit: "µs",
      ours: cpuPerOp(result.ours),
      bare: cpuPerOp(result.bare),
      target: { text: "≤ 3× bare", met: cpuPerOp(result.ours) <= 3 * cpuPerOp(result.bare) },
      note: `from /proc/<pid>/stat, ${SETTLE_MS} ms after each round included (the search indexer's batches)${engine === "postgres" ? "; PostgreSQL's own CPU not included (next line)" : ""}`,
    },
    ...(engine === "postgres"
      ? [
          {
            scenario,
            name: "PostgreSQL CPU per op",
            unit: "µs",
            ours: (result.ours.databaseCpuMs * 1000) / result.ours.answered,
            bare: null,
            note: `postmaster and its backends, from /proc/<pid>/stat in the same rounds; with the server's: ${(((result.ours.cpuMs + result.ours.databaseCpuMs) * 1000) / result.ours.answered).toFixed(0)} µs per op`,
          },
        ]
      : []),
    {
      scenario,
      name: "WAL bytes written per comment",
      unit: "KB",
      ours: result.ours.walBytes / 1024 / result.ours.answered,
      bare: null,
      target: { text: "≤ 20 KB", met: result.ours.walBytes / 1024 / result.ours.answered <= 20 },
      note: `${
        engine === "sqlite"
          ? "WAL frames × (page + frame header), counted from the WAL index (the -shm file) every 2 ms across checkpoints; checkpoints copy each changed page into the database file once more"
          : "pg_stat_wal.wal_bytes"
      }, the search indexer's batches included; write_bytes of the ${engine === "sqlite" ? "server process" : "server and PostgreSQL processes"} (/proc/<pid>/io, counted when a page is first dirtied): ${(result.ours.bytes / 1024 / result.ours.answered).toFixed(1)} KB per comment`,
    },
  ];
  return figures;
}

function writeProbe(real: ServerProcess, postgres: PostgresService | undefined, sqliteFile: string): WriteProbe {
  if (!postgres) {
    const wal = sqliteWalCounter(sqliteFile);
    return { bytes: () => readWriteBytes(real.pid), walBytes: async () => wal.bytes(), databaseCpuMs: () => 0, stop: wal.stop };
  }
  const postmaster = findProcess((line) => /\/postgres( |$)/.test(line) && line.includes(` -p ${postgres.port} `));
  if (postmaster === undefined) throw new Error("cannot find the PostgreSQL process to measure its writes");
  return {
    bytes: () => readWriteBytes(real.pid) + readTreeWriteBytes(postmaster),
    databaseCpuMs: () => readTreeCpuMs(postmaster),
    walBytes: async () => {
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ bytes: string }>("SELECT wal_bytes::text AS bytes FROM pg_stat_wal");
        return Number(rows[0]!.bytes);
      } finally {
        await client.end();
      }
    },
    stop: () => undefined,
  };
}

/**
 * Counts the frames SQLite appends to the WAL, across checkpoints, by reading the WAL index
 * header in the -shm file (mxFrame, the salt that changes when the WAL starts over, the page
 * size) every 2 ms: write_bytes undercounts a WAL, whose pages are written again and again
 * while still dirty in the page cache.
 */
function sqliteWalCounter(databaseFile: string): { bytes: () => number; stop: () => void } {
  const header = Buffer.alloc(48);
  let finished = 0;
  let current = { salt: "", frames: 0 };
  let pageSize = 4096;
  const read = () => {
    let fd: number | undefined;
    try {
      fd = openSync(`${databaseFile}-shm`, "r");
      if (readSync(fd, header, 0, 48, 0) < 48) return;
    } catch {
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    const size = header.readUInt16LE(14);
    pageSize = size === 1 ? 65536 : size || pageSize;
    const salt = header.subarray(32, 40).toString("hex");
    const frames = header.readUInt32LE(16);
    if (salt !== current.salt) {
      finished += current.frames;
      current = { salt, frames };
    } else current.frames = Math.max(current.frames, frames);
  };
  const timer = setInterval(read, 2);
  return {
    bytes: () => {
      read();
      return (finished + current.frames) * (pageSize + 24);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Every member of the 50 small rooms keeps one change in flight (send, await the ack, send
 * the next), the two targets in alternating rounds; after each round the load stops for
 * SETTLE_MS so deferred writes (the search index) land in the round that caused them.
 */
async function persistLoad(
  targets: Record<Side, Target>,
  data: BenchData,
  probe: WriteProbe,
  settings: WritePathBenchSettings,
  tag: string,
  bareData: BenchData = data,
): Promise<Record<Side, RoundTotals>> {
  const perRoom = cast.small.perRoom;
  const sides: Side[] = ["ours", "bare"];
  const dataOf = (side: Side) => (side === "ours" ? data : bareData);
  const roomOf = (side: Side, index: number) => dataOf(side).rooms.small[Math.floor(index / perRoom)]!;
  const clients = {} as Record<Side, BenchClient[]>;
  const totals = {} as Record<Side, RoundTotals>;
  try {
    for (const side of sides) {
      const members = dataOf(side).members.slice(cast.small.from, cast.small.from + cast.small.rooms * perRoom);
      clients[side] = await connectAll(targets[side], members);
      await joinAll(targets[side], clients[side], (_client, index) => roomOf(side, index));
      totals[side] = { ops: 0, answered: 0, seconds: 0, cpuMs: 0, databaseCpuMs: 0, bytes: 0, walBytes: 0, budgetBound: false, refusals: new Map() };
      // Warm: JIT, prepared statements, and each member's first annotation (replies need one).
      await Promise.all(
        clients[side].map(async (client, index) => {
          if (targets[side].budget.take(client.member.userId)) await client.send(roomOf(side, index), `${tag}-warm-${side}-${index}`).catch(() => undefined);
        }),
      );
      await quiet();
    }
    await sleep(SETTLE_MS);
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        const target = targets[side];
        const result = totals[side];
        const cpuBefore = target.server.cpuMs();
        const bytesBefore = side === "ours" ? probe.bytes() : 0;
        const databaseCpuBefore = side === "ours" ? probe.databaseCpuMs() : 0;
        const walBefore = side === "ours" ? await probe.walBytes() : 0;
        const start = performance.now();
        let cutoff = start + settings.ms / settings.rounds;
        await Promise.all(
          clients[side].map(async (client, clientIndex) => {
            for (let index = 0; performance.now() < cutoff; index += 1) {
              if (!target.budget.take(client.member.userId)) {
                result.budgetBound = true;
                cutoff = Math.min(cutoff, performance.now());
                break;
              }
              try {
                await client.send(roomOf(side, clientIndex), `${tag}-${side}-${round}-${clientIndex}-${index}`);
                if (performance.now() <= cutoff) result.ops += 1;
              } catch (error) {
                const code = error instanceof RefusedError ? error.code : String(error);
                result.refusals.set(code, (result.refusals.get(code) ?? 0) + 1);
              }
              result.answered += 1;
            }
          }),
        );
        result.seconds += (cutoff - start) / 1000;
        await sleep(SETTLE_MS);
        result.cpuMs += target.server.cpuMs() - cpuBefore;
        if (side === "ours") {
          result.bytes += probe.bytes() - bytesBefore;
          result.databaseCpuMs += probe.databaseCpuMs() - databaseCpuBefore;
          result.walBytes += (await probe.walBytes()) - walBefore;
        }
      }
    }
    return totals;
  } finally {
    for (const side of sides) if (clients[side]) closeAll(clients[side]);
    await sleep(1000);
  }
}
