import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createArticle } from "../../db/articles";
import { closeDatabase, migrateDatabase } from "../../db/client";
import { addMember, createGroup, listGroupsForUser } from "../../db/groups";
import { applyOperation } from "../../db/session-operations";
import { demoAccounts, seedDemo } from "../../db/demo/seed";
import { changeSessionStatus, listSessions, scheduleSession } from "../../db/study-sessions";
import { createUser, findUserForSignIn, type User } from "../../db/users";
import { annotationKinds } from "../../lib/annotations/kinds";
import { canonicalText } from "../../lib/article/blocks";
import { longMarkdownArticle } from "../../lib/article/fixtures/long-article";
import { blocksFromMarkdown } from "../../lib/article/markdown-import";
import { sessionCookieFor } from "../../server/accounts/test-cookie";
import { startStudyCircle } from "./servers";

/** One browser figure: its range over the runs. */
export type BrowserFigure = { name: string; values: number[]; unit: string; goal?: string };

/** The prepared pages: the owner's session cookie ("name=value"), the session with the layer, the same without, and the demo's planned session (Ana's cookie). */
export type Prepared = { url: string; cookie: string; withLayer: string; without: string; demo: { path: string; cookie: string } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";
const ANNOTATIONS = 1_000;
const REPLIES = 300;
const WORDS = 10_000;
/** What the owner sees of them: every shared annotation (one in ten is private to its author, a few the owner's own). */
const VISIBLE_ANNOTATIONS = 900;

/**
 * The session page in a real browser (Playwright + Chromium): a live session with 1,000
 * annotations (half of them commented) and 300 replies on a 10,000-word article, beside the
 * same article with none. It prints the page's HTML size, the longest main-thread task at 4×
 * CPU slowdown until the whole layer is on screen (and the longest after the first paint), the JavaScript it loads (gzip), the layout
 * shift on a phone, and what the page writes to localStorage and IndexedDB per change.
 */
export async function benchBrowser({ runs = 2, log = (line: string) => console.log(line) } = {}): Promise<BrowserFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "study-circle-browser-bench-"));
  const authSecret = randomBytes(32).toString("hex");
  const prepared = await prepare(dataDir, authSecret);
  const server = await startStudyCircle({ dataDir, authSecret, label: "browser bench" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  const figures = new Map<string, BrowserFigure>();
  const add = (name: string, value: number, unit: string, goal?: string) => {
    const figure = figures.get(name) ?? { name, values: [], unit, goal };
    figure.values.push(value);
    figures.set(name, figure);
  };
  try {
    const session = { ...prepared, url: server.url };
    for (let run = 1; run <= runs; run++) {
      log(`browser run ${run}/${runs}`);
      const bare = await htmlSize(session, session.without);
      const full = await htmlSize(session, session.withLayer);
      add("session page HTML, no annotations (decoded)", kb(bare.decoded), "KB");
      add("session page HTML, 1,000 annotations (decoded)", kb(full.decoded), "KB");
      add("session page HTML, 1,000 annotations (gzip)", kb(full.gzip), "KB");
      add("HTML with 1,000 annotations ÷ without", round(full.decoded / bare.decoded, 2), "×", "≤ 1.5");
      const load = await loadPage(browser, session, { phone: false, throttle: 4 });
      add("longest main-thread task, 4× CPU, desktop", load.longestTask, "ms", "≤ 150");
      add("  of those after the first paint, desktop", load.longestAfterPaint, "ms");
      add("layer on screen after navigation, 4× CPU", load.layerShownMs, "ms");
      add("session page JavaScript, live session (gzip)", kb(load.jsGzip), "KB", "≤ 170");
      add("JavaScript loaded later by the first changes (gzip)", kb(load.jsLaterGzip), "KB");
      const demo = await scriptsOn(browser, session, session.demo);
      add("session page JavaScript, demo's planned session (gzip)", kb(demo.gzip), "KB", "≤ 170");
      if (run === 1) log(`  scripts of the live session (gzip KB): ${load.scripts}\n  · scripts of the planned session (gzip KB): ${demo.scripts}`);
      add("storage written on load (localStorage + IndexedDB)", kb(load.loadWrites), "KB");
      add("storage written per change, 1,000 annotations", kb(load.perChange), "KB", "outbox + cursor only");
      const phone = await loadPage(browser, session, { phone: true, throttle: 4 });
      add("longest main-thread task, 4× CPU, phone", phone.longestTask, "ms", "≤ 150");
      add("  of those after the first paint, phone", phone.longestAfterPaint, "ms");
      add("layout shift (CLS) on a phone, 1,000 annotations", round(phone.cls, 3), "", "< 0.02");
      if (phone.shifts) log(`  phone layout shifts: ${phone.shifts}`);
    }
    const screenshotDir = process.env.BENCH_SCREENSHOTS;
    if (screenshotDir) await screenshots(browser, session, screenshotDir);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [...figures.values()];
}

/** Prints the figures as "name   min–max unit (goal)". */
export function formatBrowserFigures(figures: BrowserFigure[]): string {
  return figures
    .map((figure) => {
      const low = Math.min(...figure.values);
      const high = Math.max(...figure.values);
      const value = low === high ? String(low) : `${low}–${high}`;
      return `  ${figure.name.padEnd(58)} ${value.padStart(14)} ${figure.unit.padEnd(3)}${figure.goal ? `  (goal ${figure.goal})` : ""}`;
    })
    .join("\n");
}

/** A "name=value" cookie as Playwright sets it. */
function browserCookie(cookie: string, url: string) {
  const split = cookie.indexOf("=");
  return { name: cookie.slice(0, split), value: cookie.slice(split + 1), url };
}

const kb = (bytes: number) => round(bytes / 1024, 1);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The demo group (as a first start seeds it); an owner and four members, a 10,000-word article, a live session with the layer and one without. */
export async function prepare(dataDir: string, authSecret: string): Promise<Prepared> {
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_FILE;
  delete process.env.DATABASE_URL;
  await migrateDatabase();
  await seedDemo(async () => "never-signs-in");
  const ana = (await findUserForSignIn(demoAccounts[0]!.username))!;
  const demoGroup = (await listGroupsForUser(ana.id))[0]!;
  const demoSession = (await listSessions(demoGroup.id)).find((session) => session.status === "planned")!;
  const users: User[] = [];
  for (let index = 0; index < 5; index++) users.push(await createUser({ username: `reader${index}`, displayName: `Reader ${index}`, passwordHash: "never-signs-in" }));
  const owner = users[0]!;
  const group = await createGroup({ name: "Browser bench", description: "", ownerId: owner.id });
  for (const user of users.slice(1)) await addMember(group.id, user.id, "member");
  const blocks = blocksFromMarkdown(longMarkdownArticle(WORDS)).filter((block) => block.type !== "heading" || block.level !== 1);
  const article = await createArticle({
    groupId: group.id,
    title: "A Long Study Text",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks,
    createdBy: owner.id,
  });
  const text = canonicalText(blocks);
  const live = async (title: string) => {
    const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title, scheduledAt: new Date(), createdBy: owner.id });
    await changeSessionStatus({ sessionId: id, to: "live", actorId: owner.id, clientOpId: `bench-live-${id}` });
    return id;
  };
  const withLayer = await live("A thousand annotations");
  const without = await live("No annotations");
  const sentences = [...text.matchAll(/[A-Z][^.\n]{20,200}\./g)];
  const context = { id: withLayer, groupId: group.id, status: "live" as const, text };
  const annotationIds: string[] = [];
  for (let index = 0; index < ANNOTATIONS; index++) {
    const match = sentences[(index * 7) % sentences.length]!;
    const author = users[index % users.length]!;
    const annotationId = `a${String(index).padStart(8, "0")}bench`;
    annotationIds.push(annotationId);
    await applyOperation({
      session: context,
      actor: { id: author.id, name: author.displayName, role: author.id === owner.id ? "owner" : "member" },
      clientOpId: `bench-annotation-${index}`,
      operation: {
        type: "annotation.create",
        annotationId,
        kind: annotationKinds[index % annotationKinds.length]!,
        visibility: index % 10 === 9 ? "private" : "shared",
        passage: { start: match.index, end: match.index + match[0].length, exact: match[0] },
        body: index % 2 === 0 ? `Comment ${index}: this passage says **more** than it seems, and the group should come back to it.` : "",
      },
    });
  }
  for (let index = 0; index < REPLIES; index++) {
    const author = users[(index + 1) % users.length]!;
    // Replies go to shared annotations only (every tenth is private).
    const annotationId = annotationIds[(index * 3) % ANNOTATIONS]!.endsWith("9bench") ? annotationIds[0]! : annotationIds[(index * 3) % ANNOTATIONS]!;
    await applyOperation({
      session: context,
      actor: { id: author.id, name: author.displayName, role: author.id === owner.id ? "owner" : "member" },
      clientOpId: `bench-reply-${index}`,
      operation: { type: "reply.create", replyId: `r${String(index).padStart(8, "0")}bench`, annotationId, body: `I read it differently (${index}).` },
    });
  }
  const cookie = await sessionCookieFor(owner.id, authSecret, owner.displayName);
  const demoCookie = await sessionCookieFor(ana.id, authSecret, ana.displayName);
  await closeDatabase();
  return {
    url: "",
    cookie,
    withLayer: `/groups/${group.id}/sessions/${withLayer}`,
    without: `/groups/${group.id}/sessions/${without}`,
    demo: { path: `/groups/${demoGroup.id}/sessions/${demoSession.id}`, cookie: demoCookie },
  };
}

async function htmlSize(session: Prepared, pagePath: string): Promise<{ decoded: number; gzip: number }> {
  const response = await fetch(`${session.url}${pagePath}`, { headers: { cookie: session.cookie }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  return { decoded: body.length, gzip: gzipSync(body).length };
}

/** What the page writes to storage: every localStorage.setItem and IndexedDB put/add, counted in UTF-8 bytes. */
const storageProbe = `
(() => {
  const bytes = (value) => { try { return new Blob([typeof value === "string" ? value : JSON.stringify(value) ?? ""]).size; } catch { return 0; } };
  window.__storageWritten = 0;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) { window.__storageWritten += bytes(key) + bytes(String(value)); return setItem.call(this, key, value); };
  for (const name of ["put", "add"]) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (value, key) { window.__storageWritten += bytes(value); return original.apply(this, arguments); };
  }
  window.__cls = 0;
  window.__shifts = [];
  window.__tasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__cls += entry.value;
      const sources = (entry.sources || []).map((source) => source.node ? (source.node.nodeName + "." + (source.node.className || "")).slice(0, 60) : "?").join(",");
      window.__shifts.push(entry.value.toFixed(3) + " " + sources);
    }
  }).observe({ type: "layout-shift", buffered: true });
})();
`;

async function loadPage(browser: Browser, session: Prepared, options: { phone: boolean; throttle: number }) {
  const context: BrowserContext = await browser.newContext({
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    deviceScaleFactor: options.phone ? 3 : 1,
    isMobile: options.phone,
    hasTouch: options.phone,
    locale: "en-US",
  });
  await context.addCookies([browserCookie(session.cookie, session.url)]);
  await context.addInitScript(storageProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: options.throttle });
  const scripts = watchScripts(page);
  const started = Date.now();
  await page.goto(`${session.url}${session.withLayer}`, { waitUntil: "load", timeout: 120_000 });
  // The layer is on screen when every visible annotation is drawn as a highlight.
  await page.waitForFunction(
    (expected) => {
      let drawn = 0;
      for (const [name, highlight] of CSS.highlights) if (name.startsWith("sc-kind-")) drawn += highlight.size;
      return drawn >= expected;
    },
    VISIBLE_ANNOTATIONS,
    { timeout: 120_000, polling: 250 },
  );
  const layerShownMs = Date.now() - started;
  await page.locator('[data-testid="connection"][data-state="online"]').waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForTimeout(2_000);
  // Every script the page loaded by now (the first load and all it fetched while idle), not just the first load's.
  const loaded = await Promise.all(scripts);
  const jsGzip = loaded.reduce((sum, script) => sum + script.gzip, 0);
  const { longestTask, longestAfterPaint } = await page.evaluate(longestTasks);
  const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
  const shifts = (await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts)).join(" | ");
  const loadWrites = await page.evaluate(() => (window as unknown as { __storageWritten: number }).__storageWritten);

  let perChange = 0;
  if (!options.phone) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const changes = 3;
    const before = loadWrites;
    for (let change = 0; change < changes; change++) {
      await page
        .locator(".rail-add")
        .nth(3 + change * 5)
        .click();
      await page
        .getByRole("button", { name: /^Highlight as/ })
        .first()
        .click();
      await page.waitForTimeout(1_200);
    }
    await page.getByTestId("sync-banner").waitFor({ state: "detached", timeout: 30_000 });
    await page.waitForTimeout(1_200);
    const after = await page.evaluate(() => (window as unknown as { __storageWritten: number }).__storageWritten);
    perChange = (after - before) / changes;
  }
  const jsLaterGzip = (await Promise.all(scripts)).reduce((sum, script) => sum + script.gzip, 0) - jsGzip;
  await context.close();
  return { longestTask, longestAfterPaint, layerShownMs, jsGzip, jsLaterGzip, scripts: describeScripts(loaded), cls, shifts, loadWrites, perChange };
}

/**
 * In the page: the longest task, and the longest that started after the first contentful paint.
 * The longest of all is usually the navigation's own (the browser making the page's JavaScript
 * world and reading the first bytes of HTML, which the test harness's instrumentation
 * lengthens); after the first paint the tasks are the page's scripts, layouts and paints.
 */
function longestTasks(): { longestTask: number; longestAfterPaint: number } {
  const paint = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? 0;
  const tasks = (window as unknown as { __tasks: [number, number][] }).__tasks;
  // No named inner function: tsx would wrap it in a helper this page does not have.
  let longestTask = 0;
  let longestAfterPaint = 0;
  for (const [start, duration] of tasks) {
    longestTask = Math.max(longestTask, duration);
    if (start >= paint) longestAfterPaint = Math.max(longestAfterPaint, duration);
  }
  return { longestTask: Math.round(longestTask), longestAfterPaint: Math.round(longestAfterPaint) };
}

/** Every script a page fetches, with its size gzipped (the way the server would send it). */
function watchScripts(page: Page): Promise<{ name: string; gzip: number }>[] {
  const scripts: Promise<{ name: string; gzip: number }>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    const name = new URL(response.url()).pathname.split("/").pop() ?? "";
    scripts.push(
      response.body().then(
        (body) => ({ name, gzip: gzipSync(body).length }),
        () => ({ name, gzip: 0 }),
      ),
    );
  });
  return scripts;
}

function describeScripts(scripts: { name: string; gzip: number }[]): string {
  return scripts.map((script) => `${script.name} ${kb(script.gzip)}`).join(", ");
}

/** The scripts a page loads until it is connected and idle (no layer to wait for): the demo's planned session, as Ana opens it. */
async function scriptsOn(browser: Browser, session: Prepared, target: { path: string; cookie: string }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  await context.addCookies([browserCookie(target.cookie, session.url)]);
  const page = await context.newPage();
  const scripts = watchScripts(page);
  await page.goto(`${session.url}${target.path}`, { waitUntil: "load", timeout: 120_000 });
  await page.locator('[data-testid="connection"][data-state="online"]').waitFor({ state: "attached", timeout: 60_000 });
  await page.waitForTimeout(3_000);
  const loaded = await Promise.all(scripts);
  await context.close();
  return { gzip: loaded.reduce((sum, script) => sum + script.gzip, 0), scripts: describeScripts(loaded) };
}

/** With BENCH_SCREENSHOTS=dir: the session with 1,000 annotations and the demo session, on a desktop and a phone. */
async function screenshots(browser: Browser, session: Prepared, dir: string) {
  mkdirSync(dir, { recursive: true });
  const pages = [
    { name: "thousand", path: session.withLayer, cookie: session.cookie },
    { name: "demo", path: session.demo.path, cookie: session.demo.cookie },
  ];
  for (const target of pages) {
    for (const phone of [false, true]) {
      const context = await browser.newContext({
        viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
        deviceScaleFactor: phone ? 2 : 1,
        isMobile: phone,
        hasTouch: phone,
        locale: "en-US",
      });
      await context.addCookies([browserCookie(target.cookie, session.url)]);
      const page = await context.newPage();
      await page.goto(`${session.url}${target.path}`, { waitUntil: "load" });
      await page.locator('[data-testid="connection"][data-state="online"]').waitFor({ state: "attached", timeout: 60_000 });
      await page.waitForTimeout(1_500);
      await page.screenshot({ path: path.join(dir, `session-${target.name}-${phone ? "phone" : "desktop"}.png`) });
      await context.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`Study Circle benchmark — the session page in Chromium (${ANNOTATIONS} annotations, ${REPLIES} replies, ${WORDS} words)\n`);
  const figures = await benchBrowser({ runs: Number(process.env.BENCH_BROWSER_RUNS ?? 2), log: (line) => process.stdout.write(`  · ${line}\n`) });
  process.stdout.write(`${formatBrowserFigures(figures)}\n`);
  process.exit(0);
}
