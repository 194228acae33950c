import { spawn } from "node:child_process";
import { findBinary } from "./binaries";
import { atExit } from "./cleanup";

/** How a child process ended. */
export type ExitStatus = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

/** A service process this test process started and owns. */
export type Child = {
  exited: Promise<ExitStatus>;
  running: () => boolean;
  /** Why the process is not running, with the last few kilobytes it wrote; undefined while it runs. */
  failure: () => string | undefined;
  /** Sends the service's stop signal and waits for it to exit (SIGKILL after 10 s). */
  stop: () => Promise<void>;
};

export type ChildOptions = {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  /** The signal that shuts the service down cleanly; it also gets it when this process dies. */
  stopSignal: NodeJS.Signals;
  /** A system user to run as when we are root (PostgreSQL refuses to run as root). */
  user?: string;
};

const OUTPUT_KEPT = 8000;
const STOP_GRACE_MS = 10_000;

/**
 * Starts a service so that it cannot outlive this process: setpriv (util-linux) sets the
 * parent-death signal before exec, which also covers a test worker killed outright, where no
 * exit handler runs. The child gets a process group of its own, so killing that group also
 * takes down its workers (PostgreSQL backends, nginx workers).
 */
export function startChild(options: ChildOptions): Child {
  const setpriv = findBinary("setpriv", "util-linux", ["/usr/bin"]);
  const args = [...switchUser(options.user), `--pdeathsig=${options.stopSignal.replace(/^SIG/, "")}`, "--", options.command, ...options.args];
  const child = spawn(setpriv, args, { cwd: options.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  let status: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    const settle = (ended: ExitStatus) => {
      status ??= ended;
      resolve(status);
    };
    child.once("exit", (code, signal) => settle({ code, signal }));
    child.once("error", (error) => settle({ code: null, signal: null, error }));
  });
  const pid = child.pid ?? 0;
  const withdraw = atExit(() => {
    if (!status) killGroup(pid, "SIGKILL");
  });
  void exited.then(() => withdraw());

  const stop = async () => {
    if (status) return;
    child.kill(options.stopSignal);
    const timer = setTimeout(() => killGroup(pid, "SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return {
    exited,
    running: () => !status,
    failure: () => (status ? `${options.label} ${describeExit(status)}\n${output.trim()}` : undefined),
    stop,
  };
}

/** Runs a one-off command (initdb, say) to completion; throws with its output unless it exits 0. */
export async function runToCompletion(options: Omit<ChildOptions, "stopSignal">): Promise<void> {
  const child = startChild({ ...options, stopSignal: "SIGTERM" });
  const status = await child.exited;
  if (status.code !== 0) throw new Error(child.failure());
}

function describeExit(status: ExitStatus): string {
  if (status.error) return `could not start: ${status.error.message}`;
  if (status.signal) return `was killed by ${status.signal}`;
  return `exited with code ${status.code}`;
}

function switchUser(user: string | undefined): string[] {
  if (!user || process.getuid?.() !== 0) return [];
  return ["--reuid", user, "--regid", user, "--init-groups"];
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  // Group 0 would be our own: a process that never started has no pid.
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
