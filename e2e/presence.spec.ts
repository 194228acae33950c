import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import type { Socket } from "socket.io-client";
import { PLAIN_SESSION_COOKIE } from "../server/accounts/session-cookie";
import { scheduleDemoSession } from "./meeting-support";
import { e2eAuthSecret } from "./settings";
import { ask, demo, expectNoViolations, openE2eDatabase, openSocket, signIn } from "./support";

/** The paragraph whose rail shows `name` reading it, on `page` (null when none does). */
async function paragraphRead(page: Page, name: string): Promise<string | null> {
  const reader = page.getByRole("img", { name: `Reading here: ${name}` });
  if ((await reader.count()) === 0) return null;
  return reader.locator("xpath=ancestor::*[@data-rail-block][1]").getAttribute("data-rail-block");
}

/**
 * `count` more members of the group, each signed in on a socket of its own and in the session:
 * written straight into the server's database (accounts, memberships, sign-in sessions) and
 * given the cookie signing in would set, since signing up a crowd through the form would take minutes.
 */
async function crowdJoins(groupId: string, sessionId: string, count: number): Promise<{ name: string; socket: Socket }[]> {
  const database = openE2eDatabase();
  const people = Array.from({ length: count }, (_, index) => ({ id: randomUUID(), sid: randomUUID(), name: `Crowd ${String(index + 1).padStart(2, "0")} ${Date.now()}` }));
  const now = Date.now();
  const addUser = database.prepare("insert into users (id, username, display_name, password_hash) values (?, ?, ?, 'never-signs-in')");
  const addMember = database.prepare("insert into memberships (group_id, user_id, role) values (?, ?, 'member')");
  const addSignIn = database.prepare("insert into auth_sessions (id, user_id, device, last_seen_at) values (?, ?, 'e2e crowd', ?)");
  database.transaction(() => {
    for (const person of people) {
      addUser.run(person.id, person.id, person.name);
      addMember.run(groupId, person.id);
      addSignIn.run(person.sid, person.id, now);
    }
  })();
  database.close();
  return Promise.all(
    people.map(async (person) => {
      const token = await encode({ token: { sub: person.id, name: person.name, sid: person.sid }, secret: e2eAuthSecret });
      const { socket, error } = await openSocket({ cookie: `${PLAIN_SESSION_COOKIE}=${token}` });
      expect(error).toBeUndefined();
      expect(await ask(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
      return { name: person.name, socket };
    }),
  );
}

test("a room of sixteen: the top bar says how many are here, the sidebar folds the list, the thread and the margin count the rest", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const ana = await context.newPage();
  const { path, id: sessionId } = await scheduleDemoSession(ana, `Crowded evening ${Date.now()}`);
  const groupId = path.split("/")[2]!;
  const crowd = await crowdJoins(groupId, sessionId, 15);

  await expect(ana.getByRole("heading", { name: "Here now (16)" })).toBeVisible();
  // On a phone the session's top bar shows the first faces and, beside them, how many are here.
  await ana.setViewportSize({ width: 390, height: 844 });
  const topBar = ana.getByTestId("presence-avatars");
  await expect(topBar).toHaveAttribute("aria-label", "Here now (16)");
  await expect(topBar.locator(".avatar")).toHaveCount(5);
  await expect(topBar.getByTestId("presence-total")).toHaveText("16");
  await expect(topBar.getByTestId("presence-total")).toBeInViewport({ ratio: 1 });
  await ana.locator(".session-topbar").screenshot({ path: test.info().outputPath("phone-top-bar.png") });
  await ana.setViewportSize({ width: 1280, height: 800 });

  // The sidebar lists twelve and folds the other four behind a button that says how many are here.
  const here = ana.getByTestId("presence");
  await expect(here.getByRole("listitem")).toHaveCount(12);
  // So many comings and goings are not read out to a screen reader, nor the whole list when it opens.
  await expect(here).toHaveAttribute("aria-live", "off");
  const showAll = ana.getByRole("button", { name: "Show everyone (16)" });
  await expect(showAll).toHaveAttribute("aria-expanded", "false");
  await showAll.click();
  await expect(here.getByRole("listitem")).toHaveCount(16);
  for (const { name } of crowd) await expect(here).toContainText(name);
  await expect(ana.getByRole("button", { name: "Show fewer" })).toHaveAttribute("aria-expanded", "true");
  await expectNoViolations(ana, "a room of sixteen, everyone listed");
  await ana.screenshot({ path: test.info().outputPath("room-of-sixteen.png") });
  await ana.getByRole("button", { name: "Show fewer" }).click();
  await expect(here.getByRole("listitem")).toHaveCount(12);

  // Six start typing: three are named, the other three counted.
  for (const { socket } of crowd.slice(0, 6)) expect(await ask(socket, "presence:typing", { sessionId, typing: true })).toMatchObject({ ok: true });
  await ana.getByRole("tab", { name: /Thread/ }).click();
  await expect(ana.locator(".typing-line")).toHaveText(/^Crowd \d\d .+, Crowd \d\d .+, Crowd \d\d .+ and 3 others are typing…$/);

  // Five read the first paragraph: three sets of initials beside it, and "+2".
  const firstBlock = await ana.locator("[data-block-id]").first().getAttribute("data-block-id");
  for (const { socket } of crowd.slice(0, 5)) expect(await ask(socket, "presence:reading", { sessionId, blockId: firstBlock })).toMatchObject({ ok: true });
  const rail = ana.locator(`[data-rail-block="${firstBlock}"]`).getByTestId("rail-readers");
  await expect(rail.locator(".rail-reader:not(.rail-readers-more)")).toHaveCount(3);
  await expect(rail.getByTestId("readers-more")).toHaveText("+2");
  await expect(rail).toHaveAttribute("aria-label", /^Reading here: (Crowd \d\d \d+, ){4}Crowd \d\d \d+$/);
  await ana.locator(`[data-rail-block="${firstBlock}"]`).screenshot({ path: test.info().outputPath("rail-of-five.png") });
  await ana.locator(".typing-line").screenshot({ path: test.info().outputPath("six-typing.png") });

  for (const { socket } of crowd) socket.disconnect();
  await expect(ana.getByRole("heading", { name: "Here now (1)" })).toBeVisible();
  await expect(ana.getByRole("button", { name: /Show everyone/ })).toHaveCount(0);
  await expect(here).toHaveAttribute("aria-live", "polite");
  await expect(topBar.getByTestId("presence-total")).toHaveCount(0);
  await context.close();
});

test("two members in a session: one scrolls and the other sees their avatar move; one leaves and is gone", async ({ browser }) => {
  const [anaContext, benContext] = await Promise.all([0, 1].map(() => browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } })));
  const ana = await anaContext!.newPage();
  const ben = await benContext!.newPage();

  const { path: sessionPath } = await scheduleDemoSession(ana, `Presence evening ${Date.now()}`);

  await signIn(ben, demo.ben);
  await ben.goto(sessionPath);
  await expect(ben.getByTestId("connection")).toHaveText(/Connected/);

  const anaSeesHere = ana.getByTestId("presence");
  await expect(anaSeesHere).toContainText(demo.ben.displayName);
  await expect(ana.getByRole("heading", { name: "Here now (2)" })).toBeVisible();
  await expect(ben.getByTestId("presence")).toContainText(demo.ana.displayName);

  // Ben reads the top of the article: Ana sees his initials beside that paragraph (and never her own).
  await expect.poll(() => paragraphRead(ana, demo.ben.displayName), { timeout: 10_000 }).not.toBeNull();
  const first = await paragraphRead(ana, demo.ben.displayName);
  await expect(ana.getByRole("img", { name: `Reading here: ${demo.ana.displayName}` })).toHaveCount(0);

  // He scrolls to the end: his avatar leaves that paragraph and shows beside one further down.
  await ben.locator("[data-block-id]").last().scrollIntoViewIfNeeded();
  await expect.poll(() => paragraphRead(ana, demo.ben.displayName), { timeout: 10_000 }).not.toBe(first);
  const later = await paragraphRead(ana, demo.ben.displayName);
  expect(later).not.toBeNull();
  await expect(ana.locator(`[data-rail-block="${first}"]`).getByRole("img", { name: `Reading here: ${demo.ben.displayName}` })).toHaveCount(0);
  await ana.screenshot({ path: test.info().outputPath("ana-sees-ben-reading.png") });
  const blocks = await ana.locator("[data-rail-block]").evaluateAll((items) => items.map((item) => item.getAttribute("data-rail-block")));
  expect(blocks.indexOf(later)).toBeGreaterThan(blocks.indexOf(first));

  // He closes the page: Ana sees him gone, from the list and from the margin.
  await ben.close();
  await expect(anaSeesHere).not.toContainText(demo.ben.displayName);
  await expect(ana.getByRole("heading", { name: "Here now (1)" })).toBeVisible();
  await expect(ana.getByRole("img", { name: `Reading here: ${demo.ben.displayName}` })).toHaveCount(0);
  await anaContext!.close();
  await benContext!.close();
});
