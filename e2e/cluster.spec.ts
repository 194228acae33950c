import { expect, test, type Browser, type Page } from "@playwright/test";
import { Client } from "pg";
import { startAppNode, type AppNode } from "../scripts/services/app-node";
import { freePort } from "../scripts/services/free-port";
import { startNginx, type NginxService } from "../scripts/services/nginx";
import { startPostgres, type PostgresService } from "../scripts/services/postgres";
import { startRedis, type RedisService } from "../scripts/services/redis";
import { scheduleDemoSession } from "./meeting-support";
import { demo, selectPassage, signIn } from "./support";

/**
 * Two app nodes (production build) on real PostgreSQL and Redis, behind nginx running the
 * committed deploy/nginx.conf. Ana's browser goes through nginx, which pins her address to one
 * node (ip_hash): that is "her" node. Both browsers come from 127.0.0.1, so nginx would pin Ben
 * to the same node; his browser therefore opens the session page on the other node directly
 * (signed in through nginx: a cookie is valid for a host whatever its port). Then Ana's node
 * hangs with her changes sent to it, and is killed: her page must reconnect through nginx to the
 * surviving node and deliver what she did exactly once.
 */

const secret = "cluster-e2e-secret-that-is-long-enough-0123456789";
const passages = {
  comment: "a small room beside the canteen held a few shelves of donated books",
  highlight: "Reading aloud was not a sign that people could not read",
  cutOff: "Disagreement is part of reading, not a failure of it.",
};

let postgres: PostgresService;
let redis: RedisService;
let nginx: NginxService | undefined;
let nodes: AppNode[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const ports = [await freePort(), await freePort()];
  // nginx first, so that its address can be every node's PUBLIC_URL (until the nodes are up it answers 502).
  nginx = await startNginx({ upstreams: ports });
  const shared = {
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    AUTH_SECRET: secret,
    TRUST_PROXY: "true",
    PUBLIC_URL: nginx.url,
    // Ben's page talks to a node directly (see above); its origin must be allowed.
    ALLOWED_ORIGINS: ports.map((port) => `http://127.0.0.1:${port}`).join(","),
  };
  // The first node migrates and seeds the demo; the second finds both done.
  nodes = [await startAppNode({ ...shared, PORT: String(ports[0]), SEED_DEMO: "true" })];
  nodes.push(await startAppNode({ ...shared, PORT: String(ports[1]), SEED_DEMO: "false" }));
});

test.afterAll(async () => {
  await Promise.allSettled(nodes.map((node) => node.stop()));
  await Promise.allSettled([nginx?.stop(), redis?.stop(), postgres?.stop()]);
});

function cards(page: Page) {
  return page.getByTestId("annotation-card");
}

async function openThread(page: Page) {
  if (await page.getByRole("button", { name: "Agenda & thread" }).isVisible()) await page.getByRole("button", { name: "Agenda & thread" }).click();
  await page.getByRole("tab", { name: /Thread/ }).click();
}

async function openAnnotations(page: Page) {
  if (await page.getByRole("button", { name: "Agenda & thread" }).isVisible()) await page.getByRole("button", { name: "Agenda & thread" }).click();
  await page.getByRole("tab", { name: /Annotations/ }).click();
}

async function postInThread(page: Page, text: string) {
  await page.getByLabel(/^Message/).fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

/** Records every change of the page's connection state with its time, to measure the reconnection. */
async function recordConnection(page: Page): Promise<void> {
  await page.evaluate(() => {
    const element = document.querySelector("[data-testid=connection]")!;
    const log: [number, string][] = [[Date.now(), element.getAttribute("data-state") ?? ""]];
    (window as unknown as { connectionLog: typeof log }).connectionLog = log;
    new MutationObserver(() => log.push([Date.now(), element.getAttribute("data-state") ?? ""])).observe(element, { attributes: true });
  });
}

async function connectionLog(page: Page): Promise<[number, string][]> {
  return page.evaluate(() => (window as unknown as { connectionLog: [number, string][] }).connectionLog);
}

async function person(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ locale: "en-US", baseURL });
  return { context, page: await context.newPage() };
}

async function count(query: string, values: unknown[]): Promise<number> {
  const client = new Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(query, values)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

test("a member's page survives the SIGKILL of its node: it reconnects through nginx and what was sent arrives once", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await person(browser, nginx!.url);
  const session = await scheduleDemoSession(ana.page, "Across two nodes");
  const anasNode = nodes.find((node) => node.logged("session.join").length > 0)!;
  const bensNode = nodes.find((node) => node !== anasNode)!;
  expect(anasNode).toBeDefined();

  const ben = await person(browser, nginx!.url);
  await signIn(ben.page, demo.ben);
  await ben.page.goto(`${bensNode.url}${session.path}`);
  await expect(ben.page.getByTestId("connection")).toHaveText(/Connected/);
  await expect(ben.page.getByTestId("presence")).toContainText(demo.ana.displayName);
  await expect(ana.page.getByTestId("presence")).toContainText(demo.ben.displayName);
  expect(bensNode.logged("session.join").length).toBeGreaterThan(0);

  // Ana's highlight, comment and thread message reach Ben, on the other node, live.
  await selectPassage(ana.page, passages.comment);
  await ana.page.getByRole("button", { name: "Comment…" }).click();
  await ana.page.getByLabel("Your comment").fill("Who donated them, across nodes?");
  await ana.page.getByRole("button", { name: "Save" }).click();
  await selectPassage(ana.page, passages.highlight);
  await ana.page.getByRole("button", { name: "Highlight as Disagree" }).click();
  await openThread(ana.page);
  await postInThread(ana.page, "Hello from the first node.");
  await expect(cards(ben.page)).toHaveCount(2);
  await expect(cards(ben.page).filter({ hasText: "Who donated them, across nodes?" })).toHaveCount(1);
  await openThread(ben.page);
  await expect(ben.page.getByTestId("message").filter({ hasText: "Hello from the first node." })).toHaveCount(1);
  // Presence crosses nodes too: Ana sees, beside the paragraph, that Ben reads the top of the article.
  await expect(ana.page.getByRole("img", { name: `Reading here: ${demo.ben.displayName}` })).toHaveCount(1, { timeout: 10_000 });

  // Ana's node hangs: her next changes go out on her socket and are never answered.
  await recordConnection(ana.page);
  process.kill(anasNode.pid, "SIGSTOP");
  await selectPassage(ana.page, passages.cutOff);
  await ana.page.getByRole("button", { name: "Highlight as Disagree" }).click();
  await postInThread(ana.page, "Sent while my node hung.");
  await expect(ana.page.getByTestId("sync-banner")).toContainText("2");

  // It is killed outright. Her page reconnects through nginx to the other node and resends.
  const killedAt = Date.now();
  await anasNode.kill();
  await expect(ana.page.getByTestId("sync-banner")).toHaveCount(0, { timeout: 30_000 });
  const deliveredAt = Date.now();
  await expect(ben.page.getByTestId("message").filter({ hasText: "Sent while my node hung." })).toHaveCount(1);
  await openAnnotations(ben.page);
  await expect(cards(ben.page)).toHaveCount(3);

  const states = await connectionLog(ana.page);
  const back = states.find(([at, state]) => at >= killedAt && state === "online");
  expect(states.some(([at, state]) => at >= killedAt && state === "offline")).toBe(true);
  expect(back).toBeDefined();
  test.info().annotations.push({ type: "reconnect", description: `online again ${back![0] - killedAt} ms after SIGKILL; queue delivered after ${deliveredAt - killedAt} ms` });
  console.log(`cluster: Ana online again ${back![0] - killedAt} ms after SIGKILL; queue delivered after ${deliveredAt - killedAt} ms`);

  // Ana is back, on Ben's node now: he sees her once, not twice, while her dead node's entry expires and after.
  await expect(ben.page.getByRole("heading", { name: "Here now (2)" })).toBeVisible();
  await ben.page.waitForTimeout(7_000);
  await expect(ben.page.getByTestId("presence").getByText(demo.ana.displayName)).toHaveCount(1);
  await expect(ben.page.getByRole("heading", { name: "Here now (2)" })).toBeVisible();

  // Exactly once, on Ben's page a moment later and in the database.
  await ben.page.waitForTimeout(1_000);
  await expect(cards(ben.page)).toHaveCount(3);
  await openThread(ben.page);
  await expect(ben.page.getByTestId("message").filter({ hasText: "Sent while my node hung." })).toHaveCount(1);
  await ben.page.reload();
  await openAnnotations(ben.page);
  await expect(cards(ben.page)).toHaveCount(3);
  expect(await count("SELECT count(*) AS n FROM annotations WHERE session_id = $1 AND exact = $2", [session.id, passages.cutOff])).toBe(1);
  expect(await count("SELECT count(*) AS n FROM messages WHERE session_id = $1 AND body = $2", [session.id, "Sent while my node hung."])).toBe(1);
  expect(await count("SELECT count(*) AS n FROM session_events WHERE session_id = $1 AND payload::text LIKE $2", [session.id, "%Sent while my node hung.%"])).toBe(1);
  expect(await count("SELECT count(*) AS n FROM session_events WHERE session_id = $1 AND payload::text LIKE $2", [session.id, `%${passages.cutOff}%`])).toBe(1);

  await Promise.all([ana.context.close(), ben.context.close()]);
});
