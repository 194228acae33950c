import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol-constants";
import { e2ePort } from "./settings";
import { newAccount } from "./support";

/**
 * The server as an operator meets it: started with nothing configured, with seeding off,
 * with bad settings, and stopped with SIGTERM / SIGINT. Each test starts its own server
 * process on its own port and data folder.
 */

const port = e2ePort + 11;
const origin = `http://localhost:${port}`;

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function healthy(): Promise<unknown> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not answer its health check");
}

/** The structured log lines of the output (the welcome banner for people is plain text). */
function logLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Opens a browser on this test's server and tries the demo owner's login. */
async function tryDemoSignIn(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Username or e-mail").fill("ana");
  await page.getByLabel("Password", { exact: true }).fill("circle-demo-pass");
  await page.getByRole("button", { name: "Sign in" }).click();
  return { context, page };
}

let dataDir = "";
let running: Running | undefined;
test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "sc-lifecycle-"));
});
test.afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill("SIGKILL");
    await running.exited;
  }
  running = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

test("with nothing configured it starts, seeds the demo, prints the URL and logins, and keeps its secret across restarts", async ({ browser }) => {
  running = start({ DATA_DIR: dataDir });
  expect(await healthy()).toEqual({ ok: true, database: "up", redis: "off" });
  expect(running.output()).toContain(`Study Circle is running at ${origin}`);
  expect(running.output()).toMatch(/ana \/ circle-demo-pass\s+\(owner\)/);
  expect(running.output()).toMatch(/ben \/ circle-demo-pass\s+\(member\)/);
  const secretFile = path.join(dataDir, "auth-secret");
  expect(statSync(secretFile).mode & 0o077).toBe(0);
  expect(logLines(running.output())).toContainEqual(expect.objectContaining({ level: 30, event: "server.listening", url: origin }));

  const { context, page } = await tryDemoSignIn(browser);
  await expect(page.getByRole("link", { name: "Sunday Readers" })).toBeVisible();

  running.child.kill("SIGTERM");
  expect(await running.exited).toBe(0);
  running = start({ DATA_DIR: dataDir });
  await healthy();
  expect(running.output()).not.toContain("Demo data was seeded");
  // The same generated secret was read back: the session cookie is still good.
  await page.goto(`${origin}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Ana Torres" })).toBeVisible();
  await context.close();
});

test("SEED_DEMO=false starts with an empty database and prints no demo logins", async ({ browser }) => {
  running = start({ DATA_DIR: dataDir, SEED_DEMO: "false" });
  await healthy();
  expect(running.output()).not.toContain("circle-demo-pass");
  const { context, page } = await tryDemoSignIn(browser);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  await context.close();
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} closes the live sockets and the database cleanly, and says so in the log`, async ({ browser }) => {
    running = start({ DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "info" });
    await healthy();
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const account = newAccount("stop", "Stan Stopper");
    await page.goto(`${origin}/sign-up`);
    await page.getByLabel("Username", { exact: true }).fill(account.username);
    await page.getByLabel("Display name").fill(account.displayName);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const cookie = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");

    const socket = io(origin, {
      path: "/socket.io",
      transports: ["websocket"],
      reconnection: false,
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { cookie, origin },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    expect(existsSync(path.join(dataDir, "study-circle.sqlite-wal"))).toBe(true);

    running.child.kill(signal);
    expect(await disconnected).toMatch(/server disconnect|transport close/);
    expect(await running.exited).toBe(0);
    const events = logLines(running.output()).map((line) => [line.event, line.level]);
    expect(events).toContainEqual(["server.stopping", 30]);
    expect(events).toContainEqual(["server.stopped", 30]);
    expect(logLines(running.output())).toContainEqual(expect.objectContaining({ event: "server.stopping", signal }));
    // Closing the database checkpoints the write-ahead log and removes it.
    expect(existsSync(path.join(dataDir, "study-circle.sqlite-wal"))).toBe(false);
    await context.close();
  });
}

test("bad settings stop the start with a message that names each problem", async () => {
  running = start({ DATA_DIR: dataDir, PORT: "eighty", AUTH_SECRET: "short", SEED_DEMO: "perhaps" });
  expect(await running.exited).toBe(1);
  const output = running.output();
  expect(output).toContain("Invalid configuration:");
  expect(output).toContain("PORT: use a port number from 1 to 65535");
  expect(output).toContain("AUTH_SECRET: AUTH_SECRET must be at least 32 characters");
  expect(output).toContain("SEED_DEMO: use true or false");
});
