import { expect, test, type Page } from "@playwright/test";
import { liveSocket, passageOnPage, scheduleDemoSession } from "./meeting-support";
import { demo, expectNoViolations, newPerson, signIn } from "./support";

const shots = process.env.SCREENSHOTS ? (process.env.SHOTS_DIR ?? "screenshots/inbox") : null;

async function unreadBadge(page: Page): Promise<number> {
  const badge = page.getByTestId("inbox-badge");
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
}

/** The inbox page on a desktop and on a phone. */
async function screenshotInbox(page: Page, folder: string, language: string) {
  for (const [name, size] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${folder}/inbox-${name}-${language}.png`, fullPage: true });
  }
}

test("a reply reaches its author's inbox live, and after a dropped connection", async ({ browser, baseURL }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const session = await scheduleDemoSession(ana.page, "Inbox evening");
  const annotator = await liveSocket(ana.context, baseURL!, session.id);
  await annotator.operation({
    type: "annotation.create",
    annotationId: `inbox-${Date.now()}`,
    kind: "question",
    visibility: "shared",
    passage: await passageOnPage(ana.page, "a few shelves of donated books"),
    body: "Who chose these books?",
  });
  annotator.close();

  // Ana waits on her inbox page (not the session): Ben's reply arrives there without a reload.
  await ana.page.goto("/inbox");
  await expect(ana.page.getByRole("heading", { name: "Inbox", level: 1 })).toBeVisible();
  const before = await unreadBadge(ana.page);
  await signIn(ben.page, demo.ben, session.path);
  await ben.page.goto(session.path);
  await expect(ben.page.getByTestId("connection")).toHaveText(/Connected/);
  const card = ben.page.getByTestId("annotation-card").filter({ hasText: "Who chose these books?" });
  await card.getByRole("button", { name: "Reply" }).click();
  await card.getByLabel("Your reply").fill("The night shift, mostly.");
  await card.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(ana.page.getByTestId("inbox-badge")).toHaveText(String(before + 1));
  const entry = ana.page.getByTestId("inbox-entry").filter({ hasText: "The night shift, mostly." });
  await expect(entry).toContainText("Ben Okafor replied to your annotation");
  await expect(entry).toContainText("Inbox evening");

  // Her connection drops; Ben replies again; when it comes back the page catches up by itself.
  await ana.context.setOffline(true);
  await card.getByRole("button", { name: "Reply" }).click();
  await card.getByLabel("Your reply").fill("And the cleaners brought novels.");
  await card.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(card.getByTestId("reply")).toHaveCount(2);
  await ana.context.setOffline(false);
  await expect(ana.page.getByTestId("inbox-entry").filter({ hasText: "And the cleaners brought novels." })).toBeVisible({ timeout: 30_000 });
  await expect(ana.page.getByTestId("inbox-badge")).toHaveText(String(before + 2));

  // Opening an entry marks it read and lands on the session; "mark all" empties the count.
  await entry.getByRole("link", { name: "Ben Okafor replied to your annotation" }).click();
  await expect(ana.page).toHaveURL(new RegExp(`${session.path}$`));
  await expect(ana.page.getByTestId("inbox-badge")).toHaveText(String(before + 1));
  await ana.page.goto("/inbox");
  await ana.page.getByRole("button", { name: "Mark all as read" }).click();
  await expect(ana.page.getByTestId("inbox-badge")).toHaveCount(0);
  await expect(ana.page.getByTestId("inbox-unread")).toHaveText("Nothing unread");
  await expectNoViolations(ana.page, "inbox");
  await ana.context.close();
  await ben.context.close();
});

test("a planned session comes as a calendar file and in a private feed that follows when it moves", async ({ browser, baseURL, request }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const session = await scheduleDemoSession(ana.page, "Calendar evening");
  await signIn(ben.page, demo.ben, "/inbox");
  await ben.page.goto("/inbox");
  await expect(ben.page.getByTestId("inbox-entry").filter({ hasText: "Calendar evening" }).first()).toContainText("Ana Torres planned a session");

  // The session's own file, from its page.
  await ben.page.goto(session.path);
  const download = ben.page.waitForEvent("download");
  await ben.page.getByTestId("session-calendar-file").click();
  const file = await (await download).path();
  const { readFile } = await import("node:fs/promises");
  const ics = (await readFile(file, "utf8")).replace(/\r\n[ \t]/g, "");
  expect(ics).toContain(`UID:${session.id}@study-circle`);
  expect(ics).toContain("SUMMARY:Calendar evening · Sunday Readers");

  // Ben makes his private feed address; a calendar app (no cookies) can read it.
  await ben.page.goto("/inbox");
  await ben.page.getByRole("button", { name: /Make my calendar address|Make a new address/ }).click();
  const address = await ben.page.getByLabel("Your private calendar address").inputValue();
  expect(address).toMatch(new RegExp(`^${baseURL}/calendar/[A-Za-z0-9_-]+\\.ics$`));
  const feed = await request.get(address, { headers: { cookie: "" } });
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect((await feed.text()).replace(/\r\n[ \t]/g, "")).toMatch(new RegExp(`UID:${session.id}@study-circle\\r\\nSEQUENCE:0`));

  // Ana moves the session: Ben's inbox says so and his feed carries the new time with a higher SEQUENCE.
  await ana.page.goto(`${session.path}/prepare`);
  await ana.page.getByText("Move this session").click();
  await ana.page.getByLabel("New date and time").fill("2030-02-04T18:00");
  await ana.page.getByRole("button", { name: "Move and tell the group" }).click();
  await expect(ana.page.getByText("Moved. The group's inboxes and calendars show the new time.")).toBeVisible();
  await expect(ben.page.getByTestId("inbox-badge")).toBeVisible();
  await ben.page.reload();
  await expect(ben.page.getByTestId("inbox-entry").filter({ hasText: "Calendar evening" }).first()).toContainText("Ana Torres moved a session");
  const moved = (await (await request.get(address)).text()).replace(/\r\n[ \t]/g, "");
  expect(moved).toMatch(new RegExp(`UID:${session.id}@study-circle\\r\\nSEQUENCE:1`));

  // A new address ends the old one; a made-up one learns nothing.
  await ben.page.getByRole("button", { name: "Make a new address" }).click();
  await expect(ben.page.getByLabel("Your private calendar address")).not.toHaveValue(address);
  expect((await request.get(address)).status()).toBe(404);
  expect((await request.get(`${baseURL}/calendar/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics`)).status()).toBe(404);
  await expectNoViolations(ben.page, "inbox with calendar address");

  if (shots) {
    await screenshotInbox(ben.page, shots, "en");
    // The same member with a Spanish browser (signed in with the same cookies).
    const context = await browser.newContext({ locale: "es-ES", storageState: await ben.context.storageState() });
    const spanish = { context, page: await context.newPage() };
    await spanish.page.goto("/inbox");
    await expect(spanish.page.getByRole("heading", { name: "Bandeja", level: 1 })).toBeVisible();
    await screenshotInbox(spanish.page, shots, "es");
    await spanish.context.close();
  }
  await ana.context.close();
  await ben.context.close();
});
