import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/** A Study Circle server started by a test itself, so the test may kill and restart it. */
export class OwnServer {
  private process: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    /** Settings beyond the defaults (TRUST_PROXY, say). */
    readonly env: Record<string, string> = {},
  ) {}

  /** The address pages use. */
  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts on a fresh data directory. */
  async startFresh(): Promise<void> {
    rmSync(this.dataDir, { recursive: true, force: true });
    await this.start();
  }

  /** Starts (again) on the existing data directory and waits until it answers. */
  async start(): Promise<void> {
    this.process = spawn("node", ["--import", "tsx", "server/index.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        LOG_LEVEL: "warn",
        AUTH_SECRET: "e2e-secret-that-is-long-enough-for-next-auth-0123456789",
        ...this.env,
      },
      stdio: "ignore",
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`server on port ${this.port} did not start`);
  }

  /** Kills the process at once, as a crash or power cut would (no clean shutdown). */
  async crash(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.process = null;
  }

  /** Stops the server cleanly. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    this.process = null;
  }
}
