import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol-constants";
import { e2eDataDir, e2ePort } from "./settings";

/** The server's own address, as the browser contexts use it. */
export const baseUrl = `http://localhost:${e2ePort}`;

/** The demo accounts seeded on first start. */
export const demo = {
  ana: { username: "ana", password: "circle-demo-pass", displayName: "Ana Torres" },
  ben: { username: "ben", password: "circle-demo-pass", displayName: "Ben Okafor" },
};

/** An account made up for one test. */
export type Account = { username: string; displayName: string; password: string };

/** A unique suffix, so tests never collide on usernames or group names. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** A fresh account description with a good password. */
export function newAccount(prefix: string, displayName: string): Account {
  return { username: unique(prefix), displayName, password: `a long ${prefix} passphrase` };
}

/** Signs in through the real form. */
export async function signIn(page: Page, account: { username: string; password: string }, callbackUrl = "/"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel(/username or e-mail/i).fill(account.username);
  await page.getByLabel(/^password$/i).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Creates an account through the real form and ends signed in. */
export async function signUp(page: Page, account: Account): Promise<void> {
  await page.goto("/sign-up");
  await fillSignUp(page, account);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Fills and sends the sign-up form that is on the page now (English labels). */
export async function fillSignUp(page: Page, account: Account): Promise<void> {
  await page.getByLabel("Username", { exact: true }).fill(account.username);
  await page.getByLabel("Display name").fill(account.displayName);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** A fresh browser context (a separate person), in English unless told otherwise. */
export async function newPerson(browser: Browser, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? "en-US" });
  return { context, page: await context.newPage() };
}

/** Selects a passage of the article by its words, as a reader would with the mouse, and waits for the annotation toolbar. */
export async function selectPassage(page: Page, exact: string): Promise<void> {
  await selectPassageNow(page, exact);
  await expect(page.getByTestId("selection-toolbar")).toBeVisible();
}

/** Selects a passage of the article by its words, without waiting for the page to notice. */
export async function selectPassageNow(page: Page, exact: string): Promise<void> {
  await page.locator("[data-block-text]").first().waitFor();
  await page.evaluate((wanted) => {
    const nodes: Text[] = [];
    for (const element of document.querySelectorAll("[data-block-text]")) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    }
    const whole = nodes.map((node) => node.data).join("");
    const compact = wanted.replace(/\n\n/g, "");
    const start = whole.indexOf(compact);
    if (start < 0) throw new Error(`passage not found: ${wanted}`);
    const locate = (offset: number, isEnd: boolean) => {
      let remaining = offset;
      for (const node of nodes) {
        if (remaining < node.length || (isEnd && remaining === node.length)) return { node, offset: remaining };
        remaining -= node.length;
      }
      throw new Error("offset outside text");
    };
    const from = locate(start, false);
    const to = locate(start + compact.length, true);
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, exact);
}

/** A new person who has signed up, in their own browser context. */
export async function signedUpPerson(browser: Browser, prefix: string, displayName: string) {
  const person = await newPerson(browser);
  const account = newAccount(prefix, displayName);
  await signUp(person.page, account);
  return { ...person, account };
}

/** What a test keeps of a group it made: its page and one planned session's page. */
export type GroupSetup = { groupPath: string; sessionPath: string; groupId: string; sessionId: string; articleId: string };

/** Creates a group with one article and one planned session, through the real pages. */
export async function createGroupWithSession(page: Page, name: string): Promise<GroupSetup> {
  await page.goto("/");
  await page.getByLabel("Group name").fill(name);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const groupPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Add an article" }).click();
  await page.getByLabel("Text", { exact: true }).fill("## Why meet\n\nA meeting is a promise.\n\n> Quote me on that.");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByLabel("Title", { exact: true }).fill("On Meetings");
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByText("A meeting is a promise.")).toBeVisible();
  const articleId = new URL(page.url()).pathname.split("/").pop() ?? "";
  await page.goto(`${groupPath}/sessions/new`);
  await page.getByLabel("Session title").fill("First meeting");
  await page.getByLabel("Date and time").fill("2030-05-05T19:00");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByTestId("presence")).toBeVisible();
  const sessionPath = new URL(page.url()).pathname;
  const [, , groupId = "", , sessionId = ""] = sessionPath.split("/");
  return { groupPath, sessionPath, groupId, sessionId, articleId };
}

/** Creates an invite link from the group page that is open now, and returns its path. */
export async function createInvite(page: Page, options: { maxUses?: number; days?: number; role?: "Member" | "Facilitator" } = {}): Promise<string> {
  if (options.role) await page.getByLabel("Joins as").selectOption({ label: options.role });
  if (options.days) await page.getByLabel("Valid for (days)").fill(String(options.days));
  if (options.maxUses) await page.getByLabel("Number of uses").fill(String(options.maxUses));
  const link = page.getByRole("status").getByTestId("invite-link");
  const previous = (await link.count()) ? await link.inputValue() : "";
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(link).toHaveValue(/^http.*\/invite\//);
  await expect(link).not.toHaveValue(previous);
  return new URL(await link.inputValue()).pathname;
}

/** Follows an invite link as a signed-in person and joins. */
export async function joinByInvite(page: Page, invitePath: string): Promise<void> {
  await page.goto(invitePath);
  await page.getByRole("button", { name: "Join the group" }).click();
  await expect(page).toHaveURL(/\/groups\/[^/]+$/);
}

/** Accepts the next confirm() dialog (removing, leaving). */
export function acceptNextDialog(page: Page): void {
  page.once("dialog", (dialog) => void dialog.accept());
}

/** The Cookie header a browser context sends to the app. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies(baseUrl)).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/** A Socket.IO connection from the test itself, with chosen cookies and Origin; resolves connected or refused. */
export async function openSocket(options: { cookie?: string; origin?: string }): Promise<{ socket: Socket; error?: Error & { data?: { code?: string } } }> {
  const socket = io(baseUrl, {
    path: "/socket.io",
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { origin: options.origin ?? baseUrl, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

/** Sends a client message and waits for its acknowledgement. */
export function ask(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

/** Opens the e2e server's own SQLite file (WAL mode, so the running server is not disturbed). */
export function openE2eDatabase(): Database.Database {
  const database = new Database(path.join(e2eDataDir, "study-circle.sqlite"));
  database.pragma("busy_timeout = 5000");
  return database;
}

/** Asserts axe finds nothing on the page (WCAG 2.2 A and AA, and axe's best practices). */
export async function expectNoViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze();
  const found = results.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(" ")).join("\n    ")}`,
  );
  expect(found, `${name}: axe violations`).toEqual([]);
}

/** Asserts the server still answers its health check. */
export async function expectHealthy(page: Page): Promise<void> {
  const response = await page.request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, database: "up", redis: "off" });
}

/** What a device keeps of a session for offline use: pages under its address, the state seen, queued changes. */
export async function keptOffline(page: Page, sessionId: string, sessionPath: string): Promise<string[]> {
  return page.evaluate(
    async ({ sessionId, sessionPath }) => {
      const pages = await caches.open("study-circle-pages-v1");
      const kept = (await pages.keys()).map((request) => new URL(request.url).pathname).filter((path) => path.startsWith(sessionPath));
      const seen = await new Promise<string[]>((resolve) => {
        const opening = indexedDB.open("study-circle", 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore("seen");
        opening.onsuccess = () => {
          const keys = opening.result.transaction("seen").objectStore("seen").getAllKeys();
          keys.onsuccess = () => {
            opening.result.close();
            resolve(keys.result.map(String).filter((key) => key.startsWith(sessionId)));
          };
        };
      });
      const queued = Object.keys(localStorage).filter((key) => key.includes(sessionId));
      return [...kept, ...seen.map((key) => `seen ${key}`), ...queued];
    },
    { sessionId, sessionPath },
  );
}
