import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { Client } from "pg";
import { Server } from "socket.io";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBinary, postgresBinDirectory } from "./binaries";
import { DEPLOY_CONFIG, renderDeployConfig, startNginx, type NginxService } from "./nginx";
import { startPostgres, type PostgresService } from "./postgres";
import { startRedis } from "./redis";
import { portAccepts } from "./wait";

const START_TIMEOUT_MS = 30_000;

describe("PostgreSQL", () => {
  let postgres: PostgresService;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, START_TIMEOUT_MS);
  afterAll(() => postgres?.stop());

  it("serves the study_circle database to the study_circle role, with unaccent", async () => {
    const rows = await query(postgres.url, "SELECT unaccent('organización') AS plain, current_user AS role, current_database() AS database");
    expect(rows).toEqual([{ plain: "organizacion", role: "study_circle", database: "study_circle" }]);
    // What a migration run by the app's role will say: a no-op, not a permission error.
    await query(postgres.url, "CREATE EXTENSION IF NOT EXISTS unaccent");
  });

  it("checks the password over TCP", async () => {
    const wrong = new URL(postgres.url);
    wrong.password = "not-the-password";
    await expect(query(wrong.href, "SELECT 1")).rejects.toThrow(/password authentication failed/);
  });

  it("creates further databases on the same cluster, each on its own", async () => {
    const other = await postgres.createDatabase("study_circle_other");
    expect(other).toBe(postgres.url.replace(/\/study_circle$/, "/study_circle_other"));
    await query(postgres.url, "CREATE TABLE only_in_first (id int)");
    expect(await query(other, "SELECT to_regclass('only_in_first') AS found, unaccent('Ñandú') AS plain")).toEqual([{ found: null, plain: "Nandu" }]);
  });

  it("refuses connections while suspended and keeps its data across resume", async () => {
    await query(postgres.url, "CREATE TABLE survives (word text); INSERT INTO survives VALUES ('kept')");
    await postgres.suspend();
    await expect(query(postgres.url, "SELECT 1")).rejects.toThrow(/ECONNREFUSED/);
    await postgres.resume();
    expect(await query(postgres.url, "SELECT word FROM survives")).toEqual([{ word: "kept" }]);
  });
});

describe("Redis", () => {
  it("stores and returns a key, and frees its port on stop", async () => {
    const redis = await startRedis();
    const client = new Redis(redis.url);
    try {
      await client.set("study-circle:greeting", "hola");
      expect(await client.get("study-circle:greeting")).toBe("hola");
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(await portAccepts(redis.port)).toBe(false);
  });
});

describe("nginx with deploy/nginx.conf in front of two app nodes", () => {
  let nodes: AppNode[];
  let nginx: NginxService;
  beforeAll(async () => {
    nodes = await Promise.all([startAppNode("one"), startAppNode("two")]);
    nginx = await startNginx({ upstreams: nodes.map((node) => node.port) });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(nodes?.map((node) => node.close()) ?? []);
  });

  it("keeps each client address on one node and spreads different addresses over both", async () => {
    const sameClient = await Promise.all(Array.from({ length: 8 }, () => send(nginx.url, { from: "127.0.0.1" })));
    expect(new Set(sameClient.map((answer) => answer.node)).size).toBe(1);
    // ip_hash looks at the first three octets; loopback has a whole /8 to choose source addresses from.
    const manyClients = await Promise.all(Array.from({ length: 16 }, (_, index) => send(nginx.url, { from: `127.0.${index}.1` })));
    expect(new Set(manyClients.map((answer) => answer.node))).toEqual(new Set(["one", "two"]));
  });

  it("tells the node the real client address, host with port, and scheme, whatever the client claims", async () => {
    const answer = await send(nginx.url, { from: "127.0.7.1", headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "evil.example" } });
    expect(answer.headers).toMatchObject({
      "x-forwarded-for": "127.0.7.1",
      host: `127.0.0.1:${nginx.port}`,
      "x-forwarded-host": `127.0.0.1:${nginx.port}`,
      "x-forwarded-proto": "http",
    });
  });

  it("passes a 5 MB upload", async () => {
    const body = Buffer.alloc(5 * 1024 * 1024, "a");
    expect((await send(nginx.url, { method: "POST", body })).bytes).toBe(body.length);
  });

  it("carries a Socket.IO connection over WebSocket", async () => {
    const socket = connectSocket(nginx.url, { path: "/socket.io", transports: ["websocket"], reconnection: false, forceNew: true });
    try {
      await connected(socket);
      expect(["one", "two"]).toContain(await socket.emitWithAck("whoami"));
    } finally {
      socket.close();
    }
  });

  it("carries a Socket.IO connection that starts with long-polling and upgrades", async () => {
    const socket = connectSocket(nginx.url, { path: "/socket.io", reconnection: false, forceNew: true });
    try {
      await connected(socket);
      await upgraded(socket);
      expect(socket.io.engine.transport.name).toBe("websocket");
      expect(["one", "two"]).toContain(await socket.emitWithAck("whoami"));
    } finally {
      socket.close();
    }
  });
});

describe("nginx when a node dies", () => {
  it(
    "sends the dead node's clients to the other node at once",
    async () => {
      const nodes = await Promise.all([startAppNode("one"), startAppNode("two")]);
      const nginx = await startNginx({ upstreams: nodes.map((node) => node.port) });
      try {
        const before = await send(nginx.url, { from: "127.0.0.1" });
        await nodes.find((node) => node.name === before.node)?.close();
        const started = performance.now();
        const after = await send(nginx.url, { from: "127.0.0.1" });
        expect(after.node).not.toBe(before.node);
        expect(performance.now() - started).toBeLessThan(1000);
      } finally {
        await nginx.stop();
        await Promise.all(nodes.map((node) => node.close()));
      }
    },
    START_TIMEOUT_MS,
  );
});

describe("the harness itself", () => {
  it("names the Debian package of a missing program", () => {
    expect(() => findBinary("no-such-program", "no-such-package", [])).toThrow(/no-such-program is not installed.*apt-get install -y no-such-package/);
    expect(() => postgresBinDirectory("/nonexistent")).toThrow(/apt-get install -y postgresql/);
  });

  it("renders deploy/nginx.conf with the given nodes and port, keeping each server line's parameters", () => {
    const rendered = renderDeployConfig(readFileSync(DEPLOY_CONFIG, "utf8"), { listenPort: 4100, upstreams: [4001, 4002] });
    expect(rendered.match(/^\s*server \S+:\d+.*;$/gm)?.map((line) => line.trim())).toEqual([
      "server 127.0.0.1:4001 max_fails=2 fail_timeout=10s;",
      "server 127.0.0.1:4002 max_fails=2 fail_timeout=10s;",
    ]);
    expect(rendered.match(/^\s*listen .*$/gm)?.map((line) => line.trim())).toEqual(["listen 127.0.0.1:4100;"]);
  });

  it("refuses a config it cannot find the upstream servers in", () => {
    expect(() => renderDeployConfig("server { listen 80; }\n", { listenPort: 4100, upstreams: [4001] })).toThrow(/no upstream server lines/);
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const results = await client.query(sql);
    return results.rows;
  } finally {
    await client.end();
  }
}

type AppNode = { name: string; port: number; close: () => Promise<void> };

/** A stand-in for one app node: says who it is and what it received, over HTTP and Socket.IO. */
async function startAppNode(name: string): Promise<AppNode> {
  const http = createServer((incoming, response) => {
    let bytes = 0;
    incoming.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    incoming.on("end", () => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ node: name, bytes, headers: incoming.headers }));
    });
  });
  const live = new Server(http, { path: "/socket.io" });
  live.on("connection", (socket) => socket.on("whoami", (acknowledge: (node: string) => void) => acknowledge(name)));
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  return { name, port, close: () => (closed ??= live.close()) };
}

type NodeAnswer = { node: string; bytes: number; headers: IncomingHttpHeaders };

/** One HTTP request through nginx, from a chosen loopback address. */
function send(url: string, options: { from?: string; method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<NodeAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? "GET", localAddress: options.from, headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (response.statusCode !== 200) reject(new Error(`nginx answered ${response.statusCode}: ${text}`));
        else resolve(JSON.parse(text) as NodeAnswer);
      });
    });
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
}

function upgraded(socket: Socket): Promise<void> {
  if (socket.io.engine.transport.name === "websocket") return Promise.resolve();
  return new Promise((resolve) => socket.io.engine.once("upgrade", () => resolve()));
}
