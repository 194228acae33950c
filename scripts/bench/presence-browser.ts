import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { cast, prepareBenchData } from "./bench-data";
import { closeAll, connectAll, joinAll, studyCircleTarget } from "./clients";
import { startStudyCircle } from "./servers";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds the page is watched while nobody moves, then while the others move. */
const IDLE_MS = 5_000;
const MOVING_MS = 15_000;
const OTHERS = 99;

/**
 * A real browser (Debian's Chromium through Playwright) on the session page of a room where
 * 99 simulated members each move their reading position once a second: how busy the page's
 * main thread is, from the Chrome DevTools Protocol's Performance metrics (TaskDuration, the
 * time the renderer's main thread spent in tasks), over the same stretch of wall time.
 */
export async function benchPresenceBrowser(options: { log: (line: string) => void }): Promise<void> {
  const { log } = options;
  const dataDir = mkdtempSync(path.join(tmpdir(), "study-circle-bench-browser-"));
  const authSecret = randomBytes(32).toString("base64url");
  log("preparing accounts and the presence room");
  const data = await prepareBenchData({ dataDir, authSecret, memberCount: 0, memoryRooms: false });
  const server = await startStudyCircle({ dataDir, authSecret });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const target = studyCircleTarget(server, data.passages);
  const room = data.rooms.presence;
  const [viewer, ...everyoneElse] = data.members.slice(cast.big.from, cast.big.from + OTHERS + 1);
  const others = await connectAll(target, everyoneElse);
  try {
    await joinAll(target, others, () => room);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const url = new URL(server.url);
    const [name, value] = viewer!.cookie.split("=", 2) as [string, string];
    await context.addCookies([{ name, value, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/groups/${data.groupOf[room]}/sessions/${room}`);
    await page.locator(`[data-testid="connection"][data-state="online"]`).waitFor({ timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const busy = async (ms: number, during: () => Promise<void>) => {
      const taskSeconds = async () => (await cdp.send("Performance.getMetrics")).metrics.find((metric) => metric.name === "TaskDuration")?.value ?? 0;
      const before = await taskSeconds();
      const start = performance.now();
      await during();
      const wall = (performance.now() - start) / 1000;
      return ((await taskSeconds()) - before) / wall;
    };
    await sleep(2000);
    const idle = await busy(IDLE_MS, () => sleep(IDLE_MS));
    let moves = 0;
    const moving = await busy(MOVING_MS, async () => {
      const end = performance.now() + MOVING_MS;
      await Promise.all(
        others.map(async (client, index) => {
          await sleep((index * 1000) / others.length);
          for (let tick = 0; performance.now() < end; tick += 1) {
            moves += 1;
            client.read(room, `b${(index + tick) % 40}`).catch(() => undefined);
            await sleep(1000);
          }
        }),
      );
    });
    const avatars = await page.getByTestId("presence").locator("li").count();
    log(`the page showed ${avatars} people present; ${moves} moves sent in ${MOVING_MS / 1000} s`);
    process.stdout.write(`  ${"main thread busy, nobody moving".padEnd(58)} ${(idle * 100).toFixed(1).padStart(6)} %\n`);
    process.stdout.write(`  ${`main thread busy, ${OTHERS} others move once a second`.padEnd(58)} ${(moving * 100).toFixed(1).padStart(6)} %   (target ≤ 3 %)\n`);
  } finally {
    closeAll(others);
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
