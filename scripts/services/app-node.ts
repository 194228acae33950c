import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { atExit, makeTempDir } from "./cleanup";
import { freePort } from "./free-port";

/** One Study Circle node (the production build) started by a test, which may kill it outright. */
export type AppNode = {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** Everything the node wrote so far (JSON log lines and the welcome text). */
  output: () => string;
  /** The node's JSON log lines whose `event` is the given one. */
  logged: (event: string) => Record<string, unknown>[];
  /** Kills the process at once, as a crash or power cut would. */
  kill: () => Promise<void>;
  /** Stops it cleanly (SIGTERM) and removes its data directory. */
  stop: () => Promise<void>;
};

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const START_TIMEOUT_MS = 60_000;

/**
 * Starts `node --import tsx server/index.ts` in production mode on a free loopback port, with a
 * data directory of its own and the given settings (DATABASE_URL, REDIS_URL, AUTH_SECRET …; a
 * PORT chosen beforehand, when other settings must name it), and waits until /api/health answers 200.
 */
export async function startAppNode(env: Record<string, string>): Promise<AppNode> {
  if (!existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) throw new Error("There is no production build: run `npm run build` first.");
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = makeTempDir("node");
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir.path,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let running = true;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => (running = false));
  const withdraw = atExit(() => {
    if (running) child.kill("SIGKILL");
  });
  const end = async (signal: NodeJS.Signals) => {
    if (running) child.kill(signal);
    await exited;
    withdraw();
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(url))) {
    if (!running || Date.now() > deadline) {
      await end("SIGKILL");
      dataDir.remove();
      throw new Error(`the app node on port ${port} did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port,
    pid: child.pid ?? 0,
    output: () => output,
    logged: (event) => logLines(output).filter((line) => line.event === event),
    kill: () => end("SIGKILL"),
    stop: async () => {
      await end("SIGTERM");
      dataDir.remove();
    },
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
