import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

/** A server process the benchmark started and measures. */
export type ServerProcess = {
  label: string;
  url: string;
  pid: number;
  /** The process's resident memory now, in kB (VmRSS from /proc). */
  rssKb: () => number;
  /** CPU time the process has used so far (user + system), in ms, from /proc/<pid>/stat. */
  cpuMs: () => number;
  /** Asks the process for a full garbage collection (scripts/bench/gc-on-signal.ts) and gives it a moment. */
  collectGarbage: () => Promise<void>;
  /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop: () => Promise<void>;
};

const projectRoot = path.resolve(import.meta.dirname, "../..");

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process in kB, read from /proc/<pid>/status. */
export function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** CPU time (user + system) a process has used, in ms, read from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: Linux reports process times in ticks of 1/100 s on every common platform. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name: [ppid at 1, utime at 11, stime at 12, cutime at 13, cstime at 14]. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // exited meanwhile
  }
}

function numericEntries(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/**
 * CPU time (user + system) of a process and all its live descendants, with the time of
 * children that already exited and were reaped (cutime, cstime), in ms. For services that
 * fork workers (PostgreSQL's backends); the difference of two readings is the tree's CPU.
 */
export function readTreeCpuMs(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const pid of numericEntries()) {
    const ppid = Number(statFields(pid)?.[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let ticks = 0;
  const visit = (pid: number) => {
    const fields = statFields(pid);
    if (fields) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The first process whose command line (arguments joined by spaces) satisfies `matches`. */
export function findProcess(matches: (commandLine: string) => boolean): number | undefined {
  for (const pid of numericEntries()) {
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
      continue;
    }
    if (matches(commandLine)) return pid;
  }
  return undefined;
}

/** Settings for one Study Circle node beyond the defaults (SQLite in `dataDir`). */
export type NodeOptions = {
  dataDir: string;
  authSecret: string;
  /** Shown in the log and errors; "Study Circle" unless given. */
  label?: string;
  /**
   * DATABASE_URL (PostgreSQL instead of SQLite) and REDIS_URL (the Socket.IO adapter): a URL
   * sets it, null leaves it out, undefined inherits this process's.
   */
  databaseUrl?: string | null;
  redisUrl?: string | null;
  /** More environment variables for this node. */
  env?: Record<string, string>;
};

/** Starts the real Study Circle server (production build) on a data directory the caller prepared. */
export async function startStudyCircle(input: NodeOptions): Promise<ServerProcess> {
  if (!existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) throw new Error("There is no production build: run `npm run build` first.");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { DATABASE_FILE: _otherDatabase, ...inherited } = process.env;
  if (input.databaseUrl !== undefined) delete inherited.DATABASE_URL;
  if (input.redisUrl !== undefined) delete inherited.REDIS_URL;
  // Started as `npm start` starts it: with the larger young generation (see README, "Write-path mode").
  const child = spawn(process.execPath, [...nodeFlags(input.label ? input.label.toLowerCase().replace(/[^a-z0-9]+/g, "-") : "study-circle"), "--max-semi-space-size=32", "server/index.ts"], {
    cwd: projectRoot,
    env: {
      ...inherited,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: input.dataDir,
      AUTH_SECRET: input.authSecret,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      ...(input.databaseUrl && { DATABASE_URL: input.databaseUrl }),
      ...(input.redisUrl && { REDIS_URL: input.redisUrl }),
      ...input.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return started(input.label ?? "Study Circle", child, url, `${url}/api/health`);
}

/** Starts the bare Socket.IO broadcast server (scripts/bench/bare-server.ts). */
export async function startBare(): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeFlags("bare"), "scripts/bench/bare-server.ts"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return started("bare Socket.IO", child, url, url);
}

/**
 * Node flags for both servers alike: TypeScript via tsx, and a full GC on SIGUSR2 for the
 * memory readings. With BENCH_CPU_PROFILE_DIR set, each also writes a V8 CPU profile there.
 */
function nodeFlags(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  const profile = dir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir, name)}`] : [];
  return [...profile, "--expose-gc", "--import", "tsx", "--import", "./scripts/bench/gc-on-signal.ts"];
}

async function started(label: string, child: ChildProcess, url: string, readyUrl: string): Promise<ServerProcess> {
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exit.then(() => {
    exited = true;
  });
  const stopChild = () => {
    if (!exited) child.kill("SIGKILL");
  };
  process.once("exit", stopChild);

  // Generous: on a busy shared machine a production start can take a minute or more.
  const deadline = Date.now() + 180_000;
  while (!(await answers(readyUrl))) {
    if (exited) throw new Error(`${label} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      stopChild();
      throw new Error(`${label} did not start within 180 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid!;
  return {
    label,
    url,
    pid,
    rssKb: () => readRssKb(pid),
    cpuMs: () => readCpuMs(pid),
    collectGarbage: async () => {
      process.kill(pid, "SIGUSR2");
      await new Promise((resolve) => setTimeout(resolve, 500));
    },
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      // A CPU profile is written as the process exits, which takes a while for a long run.
      const force = setTimeout(() => child.kill("SIGKILL"), process.env.BENCH_CPU_PROFILE_DIR ? 60_000 : 5000);
      await exit;
      clearTimeout(force);
      process.removeListener("exit", stopChild);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Bytes a process has caused to be written to storage so far (write_bytes of /proc/<pid>/io); 0 once it has exited. */
export function readWriteBytes(pid: number): number {
  try {
    const match = /^write_bytes:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** write_bytes of a process and all its live descendants (PostgreSQL's backends, WAL writer and checkpointer). */
export function readTreeWriteBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const pid of numericEntries()) {
    const ppid = Number(statFields(pid)?.[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let bytes = 0;
  const visit = (pid: number) => {
    bytes += readWriteBytes(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(rootPid);
  return bytes;
}
