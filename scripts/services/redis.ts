import { writeFileSync } from "node:fs";
import path from "node:path";
import { findBinary } from "./binaries";
import { startChild, type Child } from "./child";
import { makeTempDir } from "./cleanup";
import { freePort } from "./free-port";
import { portAccepts, waitUntil } from "./wait";

/** A throwaway Redis server of our own. */
export type RedisService = {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Shuts the server down and deletes its directory. */
  stop: () => Promise<void>;
};

/**
 * Starts redis-server on a free loopback port with a config of our own in a fresh temporary
 * directory: nothing is read from /etc/redis, and nothing is ever written to disk.
 */
export async function startRedis(): Promise<RedisService> {
  const binary = findBinary("redis-server", "redis-server", ["/usr/bin"]);
  const dir = makeTempDir("redis");
  let server: Child | undefined;
  try {
    const port = await freePort();
    const config = path.join(dir.path, "redis.conf");
    writeFileSync(config, redisConfig(port, dir.path));
    server = startChild({ label: "redis-server", command: binary, args: [config], cwd: dir.path, stopSignal: "SIGTERM" });
    await waitUntil(`redis-server on port ${port}`, () => portAccepts(port), { failed: server.failure });
    const running = server;
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: async () => {
        await running.stop();
        dir.remove();
      },
    };
  } catch (error) {
    await server?.stop();
    dir.remove();
    throw error;
  }
}

function redisConfig(port: number, dir: string): string {
  return [
    "bind 127.0.0.1",
    `port ${port}`,
    "daemonize no",
    // A test server holds only what the test puts in: no snapshots, no append-only file.
    'save ""',
    "appendonly no",
    `dir ${dir}`,
    'logfile ""',
    "loglevel warning",
    "",
  ].join("\n");
}
