import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cast, prepareBenchData, type BenchData } from "./bench-data";
import { bareTarget, studyCircleTarget, type Target } from "./clients";
import type { Figure } from "./report";
import { joinStorm, presenceLoad, type PresenceActivity } from "./presence";
import { catchUp, memory, oneRoom, smallRooms, type Pair, type Refusals } from "./scenarios";
import { startBare, startStudyCircle, type ServerProcess } from "./servers";

/** How long and how large the live-sync benchmark runs. */
export type RealtimeBenchSettings = {
  /** Members connected at once in the memory scenario. */
  memoryMembers: number;
  /** Per server, in total over the alternating rounds. */
  steadyMs: number;
  saturationMs: number;
  smallRoomsMs: number;
  /** How many times the servers take turns within a scenario. */
  rounds: number;
  catchUpRepeats: number;
  /** Per server, in total over the rounds, for each presence-load room. */
  presenceMs: number;
  /** Only the presence figures (and the fan-out in one room of 200 they are compared with): `BENCH_PRESENCE=1`. */
  presenceOnly?: boolean;
};

/** The full run (under three minutes) and the short one (`BENCH_QUICK=1`). */
export const realtimeBenchSettings = {
  full: { memoryMembers: 2000, steadyMs: 8000, saturationMs: 3000, smallRoomsMs: 4000, rounds: 8, catchUpRepeats: 6, presenceMs: 8000 },
  quick: { memoryMembers: 500, steadyMs: 3000, saturationMs: 1500, smallRoomsMs: 2000, rounds: 4, catchUpRepeats: 4, presenceMs: 4000 },
} satisfies Record<string, RealtimeBenchSettings>;

/** Steady annotation rate per room size: well under both servers' capacity, so latency is not queueing. */
const steadyRate = { 50: 40, 200: 20 } as const;
/** Changes in flight when measuring how fast a room's deliveries can go. */
const SATURATION_WINDOW = 64;
const CATCH_UP_EVENTS = 1000;
/** Presence-load rooms: who does what, in rooms of which sizes. */
const presenceRuns: { size: number; activity: PresenceActivity }[] = [
  { size: 50, activity: "reading" },
  { size: 100, activity: "reading" },
  { size: 200, activity: "reading" },
  { size: 100, activity: "typing" },
];
/** Annotations per second sent into a presence-load room, to time their fan-out under that load. */
const PRESENCE_ANNOTATION_RATE = 5;
const JOIN_STORM_MEMBERS = 100;

/**
 * The live-sync benchmark of issue 4: starts the real server (production build, fresh data
 * directory, prepared accounts and sessions) and a bare Socket.IO broadcast server, drives
 * both with the same authenticated socket clients, and returns each figure beside bare's.
 */
export async function runRealtimeBench(options: { settings: RealtimeBenchSettings; log: (line: string) => void }): Promise<Figure[]> {
  const { settings, log } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), "study-circle-bench-"));
  const authSecret = randomBytes(32).toString("base64url");
  const servers: ServerProcess[] = [];
  try {
    log(`preparing ${Math.max(settings.memoryMembers, cast.catchUp.laggard + 1)} accounts and ${3 + cast.small.rooms + cast.memoryRooms} live sessions in ${dataDir}`);
    const data = await prepareBenchData({ dataDir, authSecret, memberCount: settings.presenceOnly ? 0 : settings.memoryMembers, memoryRooms: !settings.presenceOnly });
    log("starting Study Circle (production build) and the bare Socket.IO server");
    const [real, bare] = await Promise.all([startStudyCircle({ dataDir, authSecret }), startBare()]);
    servers.push(real, bare);
    const targets: Pair<Target> = { ours: studyCircleTarget(real, data.passages), bare: bareTarget(bare, data.passages) };
    const figures: Figure[] = [];
    const refusalNote = (refusals: Refusals): string => (refusals.size ? `refused: ${[...refusals].map(([code, count]) => `${code} ×${count}`).join(", ")}` : "");
    const notes = (...parts: (string | false)[]) => parts.filter(Boolean).join("; ");

    if (!settings.presenceOnly) figures.push(...(await memoryFigures(targets, data.members.slice(0, settings.memoryMembers), data.rooms.memory, log)));

    for (const size of settings.presenceOnly ? ([200] as const) : ([50, 200] as const)) {
      log(`one room of ${size} members, both servers in turns`);
      const room = size === 50 ? data.rooms.big.n50 : data.rooms.big.n200;
      const result = await oneRoom(targets, data.members.slice(cast.big.from, cast.big.from + size), {
        room,
        ratePerSecond: steadyRate[size],
        steadyMs: settings.steadyMs,
        window: SATURATION_WINDOW,
        saturationMs: settings.saturationMs,
        rounds: settings.rounds,
        tag: `room${size}`,
      });
      const scenario = `1 room × ${size}, ${steadyRate[size]} annotations/s`;
      for (const key of ["p50", "p95", "p99"] as const) {
        const ours = result.ours.latency[key];
        const bareValue = result.bare.latency[key];
        figures.push({
          scenario,
          name: `${key} send → receipt`,
          unit: "ms",
          ours,
          bare: bareValue,
          ...(key === "p99" && size === 200 && { target: { text: "≤ 1.3× bare", met: ours <= 1.3 * bareValue } }),
          ...(key === "p99" && {
            note: notes(
              `${result.ours.latency.count} / ${result.bare.latency.count} deliveries timed`,
              result.ours.lostDeliveries + result.bare.lostDeliveries > 0 && `not delivered within 10 s: ours ${result.ours.lostDeliveries}, bare ${result.bare.lostDeliveries}`,
              refusalNote(result.ours.refusals),
            ),
          }),
        });
      }
      figures.push({
        scenario: `1 room × ${size}, ${SATURATION_WINDOW} in flight`,
        name: "deliveries/s",
        unit: "msg/s",
        ours: result.ours.deliveriesPerSecond,
        bare: result.bare.deliveriesPerSecond,
        target: { text: "≥ 0.7× bare", met: result.ours.deliveriesPerSecond >= 0.7 * result.bare.deliveriesPerSecond },
        note: notes(`${result.ours.saturationOps} / ${result.bare.saturationOps} annotations sent`, result.ours.budgetBound && "ours was held back by the per-member flood budget"),
      });
    }

    figures.push(...(await presenceFigures(targets, data, settings, log)));
    if (settings.presenceOnly) return figures;

    log(`${cast.small.rooms} rooms of ${cast.small.perRoom}, both servers in turns`);
    const smallMembers = data.members.slice(cast.small.from, cast.small.from + cast.small.rooms * cast.small.perRoom);
    const small = await smallRooms(targets, smallMembers, data.rooms.small, settings.smallRoomsMs, settings.rounds, "small");
    figures.push({
      scenario: `${cast.small.rooms} rooms × ${cast.small.perRoom}, 1 in flight each`,
      name: "persisted ops/s (bare: acked relays/s)",
      unit: "ops/s",
      ours: small.ours.opsPerSecond,
      bare: small.bare.opsPerSecond,
      target: { text: "≥ 1,000 ops/s", met: small.ours.opsPerSecond >= 1000 },
      note: notes(
        `${small.ours.ops} ops in ${small.ours.seconds.toFixed(1)} s / ${small.bare.ops} in ${small.bare.seconds.toFixed(1)} s`,
        small.ours.budgetBound && "ours counted only until a member used up its flood budget",
        refusalNote(small.ours.refusals),
      ),
    });

    figures.push({
      scenario: `${cast.small.rooms} rooms × ${cast.small.perRoom}, 1 in flight each`,
      name: "server CPU per op",
      unit: "µs",
      ours: small.ours.serverCpuMsPerOp * 1000,
      bare: small.bare.serverCpuMsPerOp * 1000,
      note: `from /proc/<pid>/stat, independent of how busy the machine is: one free core would persist ≈ ${Math.round(1000 / small.ours.serverCpuMsPerOp).toLocaleString("en-US")} ops/s (bare ≈ ${Math.round(1000 / small.bare.serverCpuMsPerOp).toLocaleString("en-US")} relays/s)`,
    });

    log(`catch-up of ${CATCH_UP_EVENTS} missed events, both servers in turns`);
    const writers = data.members.slice(cast.catchUp.writersFrom, cast.catchUp.writersFrom + cast.catchUp.writers);
    const caught = await catchUp(targets, writers, data.members[cast.catchUp.laggard]!, data.rooms.catchUp, CATCH_UP_EVENTS, settings.catchUpRepeats, "catchup");
    figures.push({
      scenario: `missed ${CATCH_UP_EVENTS} events, rejoins`,
      name: "join → ack with all missed, median",
      unit: "ms",
      ours: caught.ours.medianMs,
      bare: caught.bare.medianMs,
      target: { text: "< 500 ms", met: caught.ours.medianMs < 500 && caught.ours.caughtUp === CATCH_UP_EVENTS },
      note: notes(
        `ours: ${caught.ours.caughtUp} ${caught.ours.kind} read from SQLite per viewer (${caught.ours.samplesMs.map((ms) => ms.toFixed(0)).join(", ")} ms); bare: ${caught.bare.caughtUp} replayed from memory`,
        refusalNote(caught.ours.refusals),
      ),
    });
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Server memory per connected member, ours and bare; first, while both processes are fresh, one server at a time. */
async function memoryFigures(targets: Pair<Target>, members: BenchData["members"], rooms: readonly string[], log: (line: string) => void): Promise<Figure[]> {
  const memoryOf = async (target: Target) => {
    log(`memory with ${members.length} members connected: ${target.server.label}`);
    return memory(target, members, (index) => rooms[index % cast.memoryRooms]!);
  };
  const mem = { ours: await memoryOf(targets.ours), bare: await memoryOf(targets.bare) };
  return [
    {
      scenario: `${members.length} members connected`,
      name: "server RSS per member",
      unit: "kB",
      ours: mem.ours.perMemberKb,
      bare: mem.bare.perMemberKb,
      target: { text: "< 2× bare", met: mem.ours.perMemberKb < 2 * mem.bare.perMemberKb },
      note: `RSS after a full GC, before → after: ours ${mb(mem.ours.beforeKb)} → ${mb(mem.ours.afterKb)}, bare ${mb(mem.bare.beforeKb)} → ${mb(mem.bare.afterKb)}`,
    },
  ];
}

/** Reading-position and typing load in rooms of 50, 100 and 200, then a join storm (issue 10). */
async function presenceFigures(targets: Pair<Target>, data: BenchData, settings: RealtimeBenchSettings, log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const { size, activity } of presenceRuns) {
    log(`presence: 1 room × ${size}, each ${activity === "reading" ? "moving its reading position" : "starting or stopping typing"} once a second, both servers in turns`);
    const members = data.members.slice(cast.big.from, cast.big.from + size);
    const result = await presenceLoad(targets, members, {
      room: data.rooms.presence,
      activity,
      durationMs: settings.presenceMs,
      rounds: Math.min(settings.rounds, 4),
      annotationRate: PRESENCE_ANNOTATION_RATE,
      tag: `presence-${activity}-${size}`,
    });
    const scenario = `1 room × ${size}, each ${activity === "reading" ? "moves" : "types/stops"} 1/s`;
    const { ours, bare } = result;
    const refused = [...ours.refusals].map(([code, count]) => `${code} ×${count}`).join(", ");
    figures.push(
      {
        scenario,
        name: "bytes each member receives",
        unit: "KB/s",
        ours: ours.bytesPerMemberPerSecond / 1024,
        bare: bare.bytesPerMemberPerSecond / 1024,
        ...(size === 100 && activity === "reading" && { target: { text: "≤ 15 KB/s", met: ours.bytesPerMemberPerSecond / 1024 <= 15 } }),
        note: [
          `presence changes sent: ours ${ours.changesPerSecond.toFixed(0)}/s, bare ${bare.changesPerSecond.toFixed(0)}/s; bare relays each change to the whole room`,
          refused && `refused: ${refused}`,
        ]
          .filter(Boolean)
          .join("; "),
      },
      {
        scenario,
        name: "bytes each member receives per change made",
        unit: "B",
        ours: ours.bytesPerMemberPerSecond / ours.changesPerSecond,
        bare: bare.bytesPerMemberPerSecond / bare.changesPerSecond,
        note: "independent of how many changes a loaded machine managed to send (acks of the member's own changes included)",
      },
      { scenario, name: "server CPU", unit: "% of a core", ours: ours.serverCpuMsPerSecond / 10, bare: bare.serverCpuMsPerSecond / 10 },
      {
        scenario,
        name: `p99 annotation send → receipt (${PRESENCE_ANNOTATION_RATE}/s)`,
        unit: "ms",
        ours: ours.fanOut.p99,
        bare: bare.fanOut.p99,
        note: `p50 ours ${ours.fanOut.p50.toFixed(1)} ms, bare ${bare.fanOut.p50.toFixed(1)} ms; ${ours.fanOut.count} / ${bare.fanOut.count} deliveries timed${ours.lostDeliveries + bare.lostDeliveries > 0 ? `; not delivered: ours ${ours.lostDeliveries}, bare ${bare.lostDeliveries}` : ""}`,
      },
    );
  }
  log(`presence: ${JOIN_STORM_MEMBERS} members joining one room one after another (Study Circle only)`);
  const storm = await joinStorm(targets.ours, data.members.slice(cast.big.from + 200 - JOIN_STORM_MEMBERS, cast.big.from + 200), data.rooms.joinStorm);
  const scenario = `${JOIN_STORM_MEMBERS} members join one after another`;
  figures.push(
    {
      scenario,
      name: "presence traffic in all",
      unit: "MB",
      ours: storm.bytes / 1024 / 1024,
      bare: null,
      target: { text: "≤ 0.5 MB", met: storm.bytes <= 0.5 * 1024 * 1024 },
      note: `every byte the ${storm.members} members received from the first join until quiet: presence messages and the join acks (each carries the list of who is here), the room otherwise idle; joins took ${storm.seconds.toFixed(1)} s, server CPU ${storm.serverCpuMs.toFixed(0)} ms`,
    },
    {
      scenario,
      name: "of which presence messages",
      unit: "MB",
      ours: storm.presenceBytes / 1024 / 1024,
      bare: null,
      note: "the rest is the join acknowledgements: the room's list once per joiner, and the catch-up",
    },
  );
  return figures;
}

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}
