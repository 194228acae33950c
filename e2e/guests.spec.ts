import { expect, test, type Browser, type Page } from "@playwright/test";
import { scheduleDemoSession } from "./meeting-support";
import { ask, cookieHeader, demo, keptOffline, newPerson, openSocket, selectPassage, signIn, signedUpPerson } from "./support";

// Guests: people at the meeting with a phone and no account join with the code and a name.

const passage = "a small room beside the canteen held a few shelves of donated books";
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A person on a phone, signed in to nothing. */
async function phoneVisitor(browser: Browser) {
  const context = await browser.newContext({ locale: "en-US", ...phone });
  return { context, page: await context.newPage() };
}

/** Ana, already signed in, schedules another session on the demo article (or another of the group's articles). */
async function scheduleAnother(page: Page, title: string, article = "The Reading Room Down the Corridor"): Promise<{ path: string; id: string; code: string }> {
  await page.goto("/");
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Schedule a session" }).click();
  await page.getByLabel("Session title").fill(title);
  await page.getByLabel("Article").selectOption({ label: article });
  await page.getByLabel("Date and time").fill("2030-02-04T19:00");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
  const code = /([A-Z0-9]{3} [A-Z0-9]{3})/.exec(await page.getByTestId("session-join-code").innerText())?.[1] ?? "";
  const path = new URL(page.url()).pathname;
  return { path, id: path.split("/").at(-1)!, code };
}

/** The facilitator turns guests on (and, when asked, automatic admission) in the session's guest panel. */
async function allowGuests(page: Page, options: { automatically?: boolean } = {}) {
  const panel = page.getByTestId("guest-panel");
  await panel.getByLabel("Let people join as guests with the code (no account)").check();
  await expect(panel.getByLabel("Admit guests automatically")).toBeEnabled();
  if (options.automatically) await panel.getByLabel("Admit guests automatically").check();
  await expect(panel.getByLabel("Admit guests automatically")).toBeChecked({ checked: Boolean(options.automatically) });
}

/** A guest types the code and a name at /join. */
async function joinAsGuest(page: Page, code: string, name: string) {
  await page.goto("/join");
  await page.getByLabel("Session code").fill(code);
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Join the session" }).click();
}

test("a guest joins on a phone, annotates, is seen with the guest mark, and is removed at once", async ({ browser }) => {
  test.setTimeout(240_000);
  const ana = await newPerson(browser);
  const session = await scheduleDemoSession(ana.page, "Open evening");
  const rosa = await phoneVisitor(browser);

  // Guests are off by default: the code and a name get nowhere, with the answer a wrong code gets.
  await expect(ana.page.getByTestId("guest-panel")).toContainText("Guests are off");
  await joinAsGuest(rosa.page, session.code, "Rosa");
  await expect(rosa.page.locator("[data-error-code=NOT_FOUND]")).toContainText("No session takes guests with that code");

  // On: Rosa waits, Ana sees her arrive and lets her in; Rosa's page opens the session by itself.
  await allowGuests(ana.page);
  await rosa.page.getByRole("button", { name: "Join the session" }).click();
  await expect(rosa.page.getByTestId("guest-notice")).toHaveAttribute("data-standing", "waiting");
  await expect(rosa.page.getByRole("heading", { name: "Waiting to be let in" })).toBeVisible();
  const row = ana.page.getByTestId("guest-row").filter({ hasText: "Rosa" });
  await expect(row).toHaveAttribute("data-status", "waiting");
  await ana.page.getByRole("button", { name: "Admit Rosa" }).click();
  await expect(row).toHaveAttribute("data-status", "admitted");
  await expect(rosa.page.getByTestId("connection")).toHaveText(/Connected/, { timeout: 20_000 });
  expect(new URL(rosa.page.url()).pathname).toBe(session.path);
  expect((await rosa.context.request.get(`${session.path}/layer`)).status()).toBe(200);

  // She sees nothing of the group: no link to it or to anyone's groups, and its page is a 404 for her.
  await expect(rosa.page.getByRole("link", { name: /Sunday Readers/ })).toHaveCount(0);
  await expect(rosa.page.getByRole("link", { name: "My groups" })).toHaveCount(0);
  await expect(rosa.page.getByRole("banner")).toContainText("Rosa (guest)");
  await expect(rosa.page.getByTestId("session-join-code")).toHaveCount(0);
  expect((await rosa.context.request.get(session.path.split("/sessions/")[0]!)).status()).toBe(404);
  // The pages of an account are not hers either: each one brings her back to her session.
  for (const path of ["/account", "/inbox", "/search?q=reading", "/groups/restore"]) {
    await rosa.page.goto(path);
    await expect(rosa.page).toHaveURL((url) => url.pathname === session.path);
  }
  expect((await rosa.context.request.get("/account/my-data")).status()).toBe(401);

  // Rosa highlights on her phone; Ana sees the highlight under Rosa's name, marked as a guest's.
  await selectPassage(rosa.page, passage);
  await rosa.page.getByRole("button", { name: "Highlight as Question" }).click();
  const card = ana.page.getByTestId("annotation-card").filter({ hasText: "Rosa" });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("guest-badge")).toHaveText("guest");
  await expect(ana.page.getByTestId("presence").getByText("Rosa")).toBeVisible();

  // Her phone keeps the session for a reload without a network.
  await expect.poll(() => keptOffline(rosa.page, session.id, session.path), { timeout: 15_000 }).toContain(session.path);

  // Ana removes her: Rosa's page says so at once, and her connection can do nothing more.
  await ana.page.getByRole("button", { name: "Remove Rosa" }).click();
  await expect(row).toHaveAttribute("data-status", "removed");
  await expect(rosa.page.getByTestId("guest-notice")).toHaveAttribute("data-standing", "removed", { timeout: 15_000 });
  await expect(rosa.page.getByRole("heading", { name: "You were removed from this session" })).toBeVisible();
  await expect(rosa.page.getByTestId("annotation-card")).toHaveCount(0);
  // And forgets what it kept of the session: its pages, what she had seen, anything queued.
  await expect.poll(() => keptOffline(rosa.page, session.id, session.path), { timeout: 15_000 }).toEqual([]);
  const { socket } = await openSocket({ cookie: await cookieHeader(rosa.context) });
  expect((await ask(socket, "session:join", { sessionId: session.id })).error?.code).toBe("GUEST_REMOVED");
  expect((await ask(socket, "session:operation", { sessionId: session.id, clientOpId: "after-removal-1", operation: { type: "hand.raise" } })).error?.code).toBe("GUEST_REMOVED");
  socket.disconnect();
  // Nor does the annotation layer the session page fetches after its first paint.
  expect((await rosa.context.request.get(`${session.path}/layer`)).status()).toBe(404);
  expect((await rosa.page.goto(session.path))?.status()).toBe(200);
  await expect(rosa.page.getByTestId("guest-notice")).toHaveAttribute("data-standing", "removed");

  // What she wrote stays, under her name, with the mark.
  await expect(card.getByTestId("guest-badge")).toHaveText("guest");
  await Promise.all([ana.context.close(), rosa.context.close()]);
});

test("a guest code gives an account from outside the group that one session and nothing else of the group", async ({ browser }) => {
  test.setTimeout(240_000);
  const ana = await newPerson(browser);
  const other = await scheduleDemoSession(ana.page, "Closed evening");
  const session = await scheduleAnother(ana.page, "Open afternoon");
  const groupPath = session.path.split("/sessions/")[0]!;
  await allowGuests(ana.page, { automatically: true });

  const oscar = await signedUpPerson(browser, "oscar", "Oscar Outsider");
  // A code of a session that takes no guests: the same answer as a wrong one.
  expect((await oscar.page.goto(`/join/${other.code.replace(" ", "")}`))?.status()).toBe(404);
  // The open session's code lets him in as a guest of that session only.
  await oscar.page.goto(`/join/${session.code.replace(" ", "")}`);
  await expect(oscar.page.getByTestId("connection")).toHaveText(/Connected/);
  expect(new URL(oscar.page.url()).pathname).toBe(session.path);
  await expect(ana.page.getByTestId("guest-row").filter({ hasText: "Oscar Outsider" })).toContainText("in");

  for (const path of [
    groupPath,
    other.path,
    `${other.path}/prepare`,
    `${session.path}/prepare`,
    `${session.path}/projector`,
    `${session.path}/review`,
    `${session.path}/export/minutes`,
    `${groupPath}/sessions/new`,
  ]) {
    const response = await oscar.page.goto(path);
    expect(response?.status(), path).toBe(404);
    expect(await oscar.page.content(), path).not.toContain("Closed evening");
  }
  // The annotation layer: his session's, and no other's.
  expect((await oscar.context.request.get(`${session.path}/layer`)).status()).toBe(200);
  expect((await oscar.context.request.get(`${other.path}/layer`)).status()).toBe(404);
  await oscar.page.goto("/search?q=reading");
  expect(await oscar.page.content()).not.toContain("The Reading Room Down the Corridor");
  await oscar.page.goto("/");
  await expect(oscar.page.getByRole("link", { name: "Sunday Readers" })).toHaveCount(0);

  // His socket may join this session and no other.
  const { socket } = await openSocket({ cookie: await cookieHeader(oscar.context) });
  expect((await ask(socket, "session:join", { sessionId: session.id })).ok).toBe(true);
  expect((await ask(socket, "session:join", { sessionId: other.id })).error?.code).toBe("NOT_FOUND");
  expect((await ask(socket, "guests:roster", { sessionId: session.id })).error?.code).toBe("FORBIDDEN");
  socket.disconnect();
  await Promise.all([ana.context.close(), oscar.context.close()]);
});

test("guest access ends with the session; what the guest wrote stays, and becomes theirs when they sign up", async ({ browser }) => {
  test.setTimeout(240_000);
  const ana = await newPerson(browser);
  ana.page.on("dialog", (dialog) => void dialog.accept());
  const session = await scheduleDemoSession(ana.page, "Short meeting");
  await allowGuests(ana.page, { automatically: true });
  const tomas = await phoneVisitor(browser);
  await joinAsGuest(tomas.page, session.code, "Tomás");
  await expect(tomas.page.getByTestId("connection")).toHaveText(/Connected/);

  await ana.page.getByRole("button", { name: "Start the session" }).click();
  await expect(tomas.page.getByTestId("session-status")).toHaveText("Live now");
  await selectPassage(tomas.page, passage);
  await tomas.page.getByRole("button", { name: "Highlight as Question" }).click();
  await expect(ana.page.getByTestId("annotation-card").filter({ hasText: "Tomás" })).toHaveCount(1);

  await ana.page.getByRole("button", { name: "End the session" }).click();
  await expect(tomas.page.getByTestId("guest-notice")).toHaveAttribute("data-standing", "ended", { timeout: 15_000 });
  const { socket } = await openSocket({ cookie: await cookieHeader(tomas.context) });
  expect((await ask(socket, "session:join", { sessionId: session.id })).error?.code).toBe("SESSION_ENDED");
  socket.disconnect();
  // The code no longer takes anyone.
  const late = await phoneVisitor(browser);
  await joinAsGuest(late.page, session.code, "Late");
  await expect(late.page.locator("[data-error-code=NOT_FOUND]")).toContainText("No session takes guests with that code");

  // Tomás creates an account from his page: his highlight is his account's, still marked as a guest's in the review.
  await tomas.page.getByTestId("guest-notice").getByRole("link", { name: "Create an account" }).click();
  await expect(tomas.page.getByLabel("Display name")).toHaveValue("Tomás");
  await tomas.page.getByLabel("Username", { exact: true }).fill(`tomas${Date.now().toString(36)}`);
  await tomas.page.getByLabel("Display name").fill("Tomás R.");
  await tomas.page.getByLabel("Password", { exact: true }).fill("tomas has a long password");
  await tomas.page.getByRole("button", { name: "Create account" }).click();
  // The header shows his account (a guest's header has no account link), so the claim is done.
  await expect(tomas.page.getByRole("link", { name: "Account (Tomás R.)" })).toBeVisible();
  await ana.page.goto(`${session.path}/review`);
  await expect(ana.page.getByText("Tomás R.").first()).toBeVisible();
  await Promise.all([ana.context.close(), tomas.context.close(), late.context.close()]);
});

test("a guest reads a bilingual session in Spanish; the members see the guest's highlight on the English text, tagged ES", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await newPerson(browser);
  await signIn(ana.page, demo.ana);
  const session = await scheduleAnother(ana.page, "Hours, with visitors", "Our Time Is Not for Sale: A Statement on Working Hours");
  await allowGuests(ana.page, { automatically: true });
  const lucia = await phoneVisitor(browser);
  await joinAsGuest(lucia.page, session.code, "Lucía");
  await expect(lucia.page.getByTestId("connection")).toHaveText(/Connected/, { timeout: 20_000 });

  // She reads in Spanish, and her phone remembers it across a reload.
  // The choice is saved by a server action after the switch; reloading before its answer would race it.
  const saved = lucia.page.waitForResponse((response) => response.request().method() === "POST" && response.request().headers()["next-action"] !== undefined);
  await lucia.page.getByTestId("edition-switch").getByRole("radio", { name: "Español" }).check();
  await expect(lucia.page.locator("[data-block-text]").first()).toContainText("Leeds el 14 de marzo de 2026");
  await saved;
  await lucia.page.reload();
  await expect(lucia.page.getByTestId("edition-switch").getByRole("radio", { name: "Español" })).toBeChecked();

  await selectPassage(lucia.page, "Leeds el 14 de marzo de 2026");
  await lucia.page.getByRole("button", { name: "Highlight as Question" }).click();
  const card = ana.page.getByTestId("annotation-card").filter({ hasText: "Lucía" });
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId("guest-badge")).toHaveText("guest");
  await expect(card.getByTestId("edition-tag")).toHaveText("ES");
  await Promise.all([ana.context.close(), lucia.context.close()]);
});
