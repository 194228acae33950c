import { expect, test } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import { OwnServer } from "./own-server";
import { demo, expectNoViolations, selectPassage, signIn, unique } from "./support";

// The demo seed records a past meeting ("Reading rooms, part one") through the same write
// path live sessions use: annotations, threads, questions with answers, thread messages.
const server = new OwnServer(Number(process.env.E2E_PORT ?? 3210) + 60, "e2e/.data-review");
const shots = "screenshots/review";

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  await server.startFresh();
});

test.afterAll(async () => {
  await server.stop();
});

test.use({ baseURL: server.url });

test("a member who missed a session reviews it: archive, filters, replay, accent-insensitive search, minutes, private note", async ({ browser }) => {
  test.setTimeout(150_000);
  const anaContext = await browser.newContext({ locale: "en-US", baseURL: server.url });
  const ana = await anaContext.newPage();
  await signIn(ana, demo.ana);
  await ana.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.getByRole("button", { name: "Create invite link" }).click();
  await expect(ana.getByTestId("invite-link").first()).toHaveValue(/^http/);
  const invite = new URL(await ana.getByTestId("invite-link").first().inputValue()).pathname;

  // Eve joins the group after the meeting: she missed it.
  const context = await browser.newContext({ locale: "en-US", baseURL: server.url, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`/sign-up?callbackUrl=${encodeURIComponent(invite)}`);
  await page.getByLabel("Username", { exact: true }).fill(unique("eve"));
  await page.getByLabel("Display name").fill("Eve Martín");
  await page.getByLabel("Password", { exact: true }).fill("eve has a long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Join the group" }).click();
  await expect(page.getByRole("heading", { name: "Sunday Readers" })).toBeVisible();

  // The archive: the past session with its date, article, facilitator and counts.
  const archive = page.getByTestId("archive");
  const row = archive.getByTestId("archive-row").first();
  await expect(row).toContainText("Reading rooms, part one");
  await expect(row).toContainText("The Reading Room Down the Corridor");
  await expect(row).toContainText("Ana Torres");
  await expect(row.locator("td.num").first()).toHaveText("4");
  await archive.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/archive-desktop.png`, fullPage: true });
  await expectNoViolations(page, "the archive");
  await row.getByRole("link", { name: "Reading rooms, part one" }).click();

  // The review: every shared annotation, the heat strip, the chart.
  await expect(page.getByRole("heading", { level: 1, name: "Reading rooms, part one" })).toBeVisible();
  const reviewPath = new URL(page.url()).pathname;
  await expect(page.getByText("4 people took part")).toBeVisible();
  const cards = page.getByTestId("annotation-card");
  await expect(cards).toHaveCount(15);
  await expect(page.locator(".heat-bar").first()).toBeVisible();
  await expect(page.getByTestId("activity-chart")).toBeVisible();
  await expect(page.getByTestId("replay-status")).toHaveText(/Showing the whole session/);
  await page.screenshot({ path: `${shots}/review-desktop.png` });
  await expectNoViolations(page, "the review");

  // Filter to questions: question annotations only, then the questions with their answers.
  await page.getByRole("button", { name: "Only questions" }).click();
  await expect(cards).toHaveCount(4);
  for (const card of await cards.all()) await expect(card).toContainText("Question");
  await page.getByRole("tab", { name: /Questions/ }).click();
  const questions = page.getByTestId("review-question");
  await expect(questions).toHaveCount(3);
  await expect(questions.first()).toContainText("Who chose what the reading room read");
  await expect(questions.first()).toContainText("The workers paid the lector");
  await page.getByRole("combobox", { name: "Question" }).selectOption({ label: "Is reading aloud still useful when everyone has their own screen?" });
  await expect(questions).toHaveCount(1);
  await page.getByRole("combobox", { name: "Question" }).selectOption({ label: "All questions" });
  await page.getByRole("tab", { name: /Annotations/ }).click();
  await page.getByRole("button", { name: "All kinds" }).click();
  await expect(cards).toHaveCount(15);

  // Replay: back to the start, then play at 60× — highlights appear in the order they happened.
  const slider = page.getByTestId("replay-slider");
  await slider.fill("0");
  await expect(page.getByTestId("replay-status")).toHaveText(/Replaying: \d+ of \d+ events, as at 0:00/);
  const atStart = await cards.count();
  expect(atStart).toBeLessThan(15);
  await page.getByRole("button", { name: "60×" }).click();
  await page.getByRole("button", { name: /Play/ }).click();
  await expect.poll(async () => cards.count(), { timeout: 20_000 }).toBeGreaterThan(atStart);
  await page.getByRole("button", { name: /Pause/ }).click();
  const clock = await page.getByTestId("replay-clock").textContent();
  expect(clock).not.toMatch(/^0:00 /);
  // Midway through the meeting: some, not all.
  await slider.fill(String(37 * 60));
  await expect(page.getByTestId("replay-clock")).toHaveText(/^37:00 \/ 1:15:00$/);
  const midway = await cards.count();
  expect(midway).toBeGreaterThan(atStart);
  expect(midway).toBeLessThan(15);
  await page.screenshot({ path: `${shots}/replay-midway-desktop.png` });
  await page.getByRole("button", { name: "Show everything" }).click();
  await expect(cards).toHaveCount(15);

  // A private note on the past session.
  await selectPassage(page, "a long table and two gas lamps");
  await page.getByRole("button", { name: "Add a private note" }).click();
  await page.getByTestId("note-draft").getByLabel("Your comment").fill("Find photos of the gas lamps.");
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(cards).toHaveCount(16);
  await expect(cards.filter({ hasText: "Find photos of the gas lamps." })).toContainText("Private note");

  // Search, with and without the accent; a hit opens the exact passage.
  for (const word of ["organizacion", "organización"]) {
    await page.getByRole("link", { name: "Search" }).first().click();
    await page.getByRole("searchbox").fill(word);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByTestId("search-hit")).toHaveCount(2);
    await expect(page.getByTestId("search-hit").locator("mark").first()).toHaveText("organización");
  }
  await page.screenshot({ path: `${shots}/search-desktop.png` });
  await expectNoViolations(page, "search results");
  await page.getByTestId("search-hit").filter({ hasText: "Annotation" }).click();
  await expect(page).toHaveURL(/\/review\?focus=annotation:/);
  await expect(page.locator('[data-testid="annotation-card"][data-active="true"]')).toContainText("La organización era colectiva");

  // Minutes as Markdown.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Minutes (.md)" }).click();
  const download = await downloading;
  const minutes = readFileSync((await download.path())!, "utf8");
  expect(download.suggestedFilename()).toBe("reading-rooms-part-one-minutes.md");
  expect(minutes).toMatch(/^# Minutes: Reading rooms, part one/);
  expect(minutes).toContain("- **Who took part (4):** Ana Torres, Ben Okafor, Carmen Ruiz, Dev Patel");
  expect(minutes).toContain("### 1. Who chose what the reading room read, and does it matter who chooses? (answered)");
  expect(minutes).toMatch(/### ¶ \d+ · Key point · Ana Torres/);
  expect(minutes).not.toContain("Find photos of the gas lamps");

  // The annotations as W3C Web Annotation JSON-LD, and the printable minutes.
  const jsonld = await (await page.request.get(reviewPath.replace(/\/review$/, "/export/annotations"))).json();
  expect(jsonld["@context"]).toBe("http://www.w3.org/ns/anno.jsonld");
  expect(jsonld.type).toBe("AnnotationCollection");
  expect(jsonld.first.items.some((item: { motivation: string }) => item.motivation === "replying")).toBe(true);
  await page.goto(`${reviewPath}/print`);
  await expect(page.getByRole("heading", { level: 1, name: "Minutes: Reading rooms, part one" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Key passages" })).toBeVisible();

  // Only owners download the group's backup.
  expect((await page.request.get(reviewPath.replace(/\/sessions\/.*/, "/backup"))).status()).toBe(403);

  // Nothing of a group she is not in: an export of a made-up group's session, a search in it.
  const refused = await page.request.get(`/groups/not-my-group/sessions/whatever/export/minutes`);
  expect(refused.status()).toBe(404);
  expect((await refused.json()).error.message).toMatch(/not a member/);
  await page.goto("/search?q=lector&group=not-my-group");
  await expect(page.getByRole("alert").filter({ hasText: /only search the groups you belong to/ })).toBeVisible();

  // Phone screenshots of the same pages.
  const phone = await browser.newContext({ locale: "en-US", baseURL: server.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.addCookies(await context.cookies());
  const small = await phone.newPage();
  await small.goto(reviewPath.replace(/\/sessions\/.*/, ""));
  await small.getByTestId("archive").scrollIntoViewIfNeeded();
  await small.screenshot({ path: `${shots}/archive-phone.png` });
  await small.goto(reviewPath);
  await small.getByTestId("review-article").scrollIntoViewIfNeeded();
  await expect(small.locator(".heat-bar").first()).toBeVisible();
  await small.screenshot({ path: `${shots}/review-phone.png` });
  await small.getByTestId("replay-slider").fill(String(37 * 60));
  await small.getByRole("button", { name: /Discussion/ }).click();
  await small.screenshot({ path: `${shots}/replay-midway-phone.png` });
  await small.goto("/search?q=organizacion");
  await small.screenshot({ path: `${shots}/search-phone.png` });
  await phone.close();
  await context.close();
  await anaContext.close();
});

test("a facilitator carries the open and parked questions into the next session in one action", async ({ page }) => {
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Reading rooms, part one" }).click();
  const carry = page.getByTestId("carry-over");
  await expect(carry).toContainText("2 questions were left open");
  await expect(carry).toContainText("Should we invite the union's librarian to a session?");
  await carry.getByRole("button", { name: "Carry 2 questions over" }).click();
  await expect(carry.getByRole("status")).toHaveText(/2 questions added to that session's agenda/);
  await carry.getByRole("button", { name: "Carry 2 questions over" }).click();
  await expect(carry.getByRole("status")).toHaveText(/already in that session's agenda/);

  // The owner's backup of the whole group.
  const groupPath = new URL(page.url()).pathname.replace(/\/sessions\/.*/, "");
  const backup = await (await page.request.get(`${groupPath}/backup`)).json();
  expect(backup).toMatchObject({ format: "study-circle/group-backup", group: { name: "Sunday Readers" } });
  expect(backup.tables.session_events.length).toBeGreaterThan(40);
});
