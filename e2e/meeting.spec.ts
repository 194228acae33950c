import { expect, test, type Page } from "@playwright/test";
import { demo, selectPassage, signIn, unique } from "./support";

const firstPassage = "a small room beside the canteen held a few shelves of donated books";
const pollPassage = "Disagreement is part of reading, not a failure of it.";
const focusPassage = "a text read together becomes a conversation that outlasts the meeting";

async function openAgenda(page: Page) {
  if (await page.getByRole("button", { name: "Agenda & thread" }).isVisible()) await page.getByRole("button", { name: "Agenda & thread" }).click();
  await page.getByRole("tab", { name: "Agenda" }).click();
}

async function openThread(page: Page) {
  if (await page.getByRole("button", { name: "Agenda & thread" }).isVisible()) await page.getByRole("button", { name: "Agenda & thread" }).click();
  await page.getByRole("tab", { name: /Thread/ }).click();
}

test("a facilitator prepares and runs a meeting with two members, one on a phone", async ({ browser }) => {
  test.setTimeout(180_000);
  const facilitatorContext = await browser.newContext({ locale: "en-US" });
  const benContext = await browser.newContext({ locale: "en-US", viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  const caraContext = await browser.newContext({ locale: "en-US" });
  const [ana, ben, cara] = await Promise.all([facilitatorContext.newPage(), benContext.newPage(), caraContext.newPage()]);
  for (const page of [ana, ben, cara]) page.on("dialog", (dialog) => void dialog.accept());

  // Ana schedules a session and invites Cara.
  await signIn(ana, demo.ana);
  await ana.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.getByRole("button", { name: "Create invite link" }).click();
  await expect(ana.getByTestId("invite-link").first()).toHaveValue(/^http/);
  const invite = new URL(await ana.getByTestId("invite-link").first().inputValue()).pathname;
  await ana.getByRole("link", { name: "Schedule a session" }).click();
  await ana.getByLabel("Session title").fill("Meeting night");
  await ana.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await ana.getByLabel("Date and time").fill("2030-02-03T19:00");
  await ana.getByRole("button", { name: "Schedule session" }).click();
  await expect(ana.getByTestId("connection")).toHaveText(/Connected/);
  const sessionPath = new URL(ana.url()).pathname;

  // Preparation: three questions, the first anchored to a passage, the second answer-first.
  await ana.getByRole("link", { name: "Prepare questions" }).click();
  await expect(ana.getByTestId("prepare")).toBeVisible();
  await selectPassage(ana, firstPassage);
  await ana.getByLabel("Question", { exact: true }).fill("Who furnished the reading room, and why?");
  await ana.getByLabel("Time box (minutes)").fill("5");
  await ana.getByRole("button", { name: "Use the passage selected in the text" }).click();
  await ana.getByRole("button", { name: "Add to the agenda" }).click();
  await ana.getByLabel("Question", { exact: true }).fill("What is a fair day's wage?");
  await ana.getByLabel(/Answer first/).check();
  await ana.getByRole("button", { name: "Add to the agenda" }).click();
  await ana.getByLabel("Question", { exact: true }).fill("Which habit do we already have?");
  await ana.getByRole("button", { name: "Add to the agenda" }).click();
  await expect(ana.getByTestId("agenda-question")).toHaveCount(3);
  await ana.getByRole("button", { name: "Move “Which habit do we already have?” up" }).click();
  await expect(ana.getByTestId("agenda-question").nth(1)).toContainText("Which habit");
  await ana.getByRole("button", { name: "Move “Which habit do we already have?” down" }).click();
  await expect(ana.getByTestId("agenda-question").nth(2)).toContainText("Which habit");
  await expect(ana.getByTestId("agenda-question").first()).toContainText(firstPassage);

  // Members arrive; the prepared questions stay hidden from them.
  await signIn(ben, demo.ben);
  await ben.goto(sessionPath);
  await cara.goto(`/sign-up?callbackUrl=${encodeURIComponent(invite)}`);
  await cara.getByLabel("Username", { exact: true }).fill(unique("cara"));
  await cara.getByLabel("Display name").fill("Cara Diaz");
  await cara.getByLabel("Password", { exact: true }).fill("cara has a long password");
  await cara.getByRole("button", { name: "Create account" }).click();
  await cara.getByRole("button", { name: "Join the group" }).click();
  // Opening the session before the join has answered would cancel it: wait for the group's page.
  await expect(cara).toHaveURL(/\/groups\/[^/]+$/);
  await cara.goto(sessionPath);
  await expect(cara.getByTestId("connection")).toHaveText(/Connected/);
  await openAgenda(cara);
  await expect(cara.getByText("Who furnished the reading room")).toHaveCount(0);

  // Ana starts the meeting and reveals the first question.
  await ana.goto(sessionPath);
  await ana.getByRole("button", { name: "Start the session" }).click();
  await expect(ana.getByTestId("session-status")).toHaveText("Live now");
  await openAgenda(ana);
  await ana.getByRole("button", { name: "Reveal next →" }).click();
  await openAgenda(ben);
  for (const page of [ben, cara]) await expect(page.getByTestId("current-question")).toContainText("Who furnished the reading room, and why?");
  await expect(ana.getByRole("timer")).toHaveText(/^0?[45]:\d\d$/);

  // Ben answers in the question's thread; Cara quotes a passage in the session thread.
  const benQuestion = ben.getByTestId("question").filter({ hasText: "Who furnished" });
  await benQuestion.getByLabel("Your answer").fill("The workers themselves, to argue in peace.");
  await benQuestion.getByRole("button", { name: "Answer" }).click();
  await expect(ana.getByTestId("answer").filter({ hasText: "to argue in peace" })).toBeVisible();
  await selectPassage(cara, firstPassage);
  await cara.getByRole("button", { name: "Quote in thread" }).click();
  await cara.getByLabel(/^Message/).fill("Donated by whom? @ana do you know?");
  await cara.getByRole("button", { name: "Send" }).click();
  await openThread(ana);
  const quoted = ana.getByTestId("message").filter({ hasText: "Donated by whom?" });
  await expect(quoted).toContainText(firstPassage);
  await expect(quoted).toHaveAttribute("data-mentions-me", "true");
  await openAgenda(ana);

  // Answer first: answers stay sealed until Ana opens them.
  await openAgenda(cara);
  await ana.getByRole("button", { name: "Reveal next →" }).click();
  for (const page of [ben, cara]) await expect(page.getByTestId("current-question")).toContainText("What is a fair day's wage?");
  await ben.getByTestId("question").filter({ hasText: "fair day's wage" }).getByLabel("Your answer").fill("Enough to live and to read.");
  await ben.getByTestId("question").filter({ hasText: "fair day's wage" }).getByRole("button", { name: "Answer" }).click();
  await cara.getByTestId("question").filter({ hasText: "fair day's wage" }).getByLabel("Your answer").fill("What the work is worth to others.");
  await cara.getByTestId("question").filter({ hasText: "fair day's wage" }).getByRole("button", { name: "Answer" }).click();
  await expect(ana.getByText("2 answers so far, hidden from members until you open them.")).toBeVisible();
  await expect(cara.getByText("Enough to live and to read.")).toHaveCount(0);
  await expect(ben.getByText("What the work is worth to others.")).toHaveCount(0);
  await ana.getByRole("button", { name: "Open all answers" }).click();
  await expect(cara.getByText("Enough to live and to read.")).toBeVisible();
  await expect(ben.getByText("What the work is worth to others.")).toBeVisible();

  // The phone page never scrolls sideways.
  expect(await ben.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // Ben raises his hand from the phone and is called.
  await ben.getByRole("button", { name: "Close" }).click();
  await ben.getByRole("button", { name: "Raise hand" }).click();
  await expect(ana.getByTestId("speaking-queue")).toContainText("Next: Ben Okafor");
  await expect(cara.getByTestId("speaking-queue")).toContainText("Next: Ben Okafor");
  await ana.getByRole("button", { name: "Call next speaker" }).click();
  await expect(cara.getByTestId("speaking-queue")).toContainText("Speaking now: Ben Okafor");

  // A passage poll tallies live.
  await selectPassage(ana, pollPassage);
  await ana.getByRole("button", { name: "Ask the room (poll)" }).click();
  await openAgenda(ben);
  await ben.getByTestId("poll").getByRole("button", { name: "Agree", exact: true }).click();
  await cara.getByTestId("poll").getByRole("button", { name: "Disagree" }).click();
  await expect(ana.getByTestId("tally-agree")).toHaveText("1");
  await expect(ana.getByTestId("tally-disagree")).toHaveText("1");
  await expect(ben.getByTestId("poll").getByRole("button", { name: "Agree", exact: true })).toHaveCount(0);

  // Focus: followers scroll to the passage, a member who stopped following does not.
  await ben.getByRole("button", { name: "Close" }).click();
  await cara.getByLabel("Follow the facilitator").uncheck();
  await ben.evaluate(() => window.scrollTo(0, 0));
  await cara.evaluate(() => window.scrollTo(0, 0));
  await selectPassage(ana, focusPassage);
  await ana.getByRole("button", { name: "Focus everyone here" }).click();
  const focusedParagraph = (page: Page) => page.locator("[data-block-text]", { hasText: focusPassage });
  await expect(focusedParagraph(ben)).toBeInViewport();
  await expect(cara.getByText("The facilitator is pointing at a passage.")).toBeVisible();
  await expect(focusedParagraph(cara)).not.toBeInViewport();

  // The session ends and becomes read-only.
  await ana.getByRole("button", { name: "End the session" }).click();
  for (const page of [ben, cara]) await expect(page.getByTestId("session-status")).toHaveText("Ended");
  await openThread(cara);
  await expect(cara.getByText("The session has ended; the thread is read-only.")).toBeVisible();
  await expect(cara.getByLabel(/^Message/)).toHaveCount(0);

  // After the meeting, members can still keep personal notes; nobody else sees them.
  await selectPassage(cara, pollPassage);
  await expect(cara.getByText("Personal note, highlight as")).toBeVisible();
  await cara.getByRole("button", { name: "Highlight as Definition" }).click();
  await cara.getByRole("tab", { name: /Annotations/ }).click();
  await expect(cara.getByTestId("annotation-card").filter({ hasText: "Private note" })).toHaveCount(1);
  await ben.reload();
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "Private note" })).toHaveCount(0);

  await Promise.all([facilitatorContext.close(), benContext.close(), caraContext.close()]);
});
