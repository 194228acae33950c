import { expect, test, type Page } from "@playwright/test";
import { liveSocket, scheduleDemoSession } from "./meeting-support";
import { baseUrl, demo, newPerson, selectPassage, selectPassageNow, signIn } from "./support";

// The rough edges a meeting hits at its end and in preparation, each as a member meets it.

const firstPassage = "a small room beside the canteen held a few shelves of donated books";
const otherPassage = "Disagreement is part of reading, not a failure of it.";

async function openAgenda(page: Page) {
  await page.getByRole("tab", { name: "Agenda" }).click();
}

test("preparation uses the passage just selected, even when the button is pressed at once", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page } = await newPerson(browser);
  const session = await scheduleDemoSession(page, "Quick hands");
  await page.goto(`${session.path}/prepare`);
  await selectPassage(page, firstPassage);
  await page.getByRole("button", { name: "Use the passage selected in the text" }).click();
  await expect(page.getByTestId("prepare").locator(".annotation-quote")).toHaveText(firstPassage);
  for (let attempt = 0; attempt < 5; attempt++) {
    const wanted = attempt % 2 === 0 ? otherPassage : firstPassage;
    await page.getByRole("button", { name: "Remove passage" }).click();
    await selectPassageNow(page, wanted);
    await page.getByRole("button", { name: "Use the passage selected in the text" }).click();
    await expect(page.getByTestId("prepare").locator(".annotation-quote")).toHaveText(wanted);
  }
});

test("ending a session closes its poll and queue everywhere, links the review at once, and a late vote is told why", async ({ browser }) => {
  test.setTimeout(300_000);
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const projector = await newPerson(browser);
  ana.page.on("dialog", (dialog) => void dialog.accept());
  const session = await scheduleDemoSession(ana.page, "Last orders");
  await signIn(ben.page, demo.ben);
  await ben.page.goto(session.path);
  await signIn(projector.page, demo.ana);
  await projector.page.goto(`${session.path}/projector`);

  await ana.page.getByRole("button", { name: "Start the session" }).click();
  await expect(ben.page.getByTestId("session-status")).toHaveText("Live now");

  // A question in the margin, a passage focused from a selection cut mid-word, a poll.
  await selectPassage(ben.page, "beside the canteen");
  await ben.page.getByRole("button", { name: "Highlight as Question" }).click();
  await selectPassage(ana.page, "mall room beside the canteen held a few shelves of donated boo");
  await ana.page.getByRole("button", { name: "Focus everyone here" }).click();
  await expect(projector.page.getByTestId("pj-passage").locator("blockquote")).toHaveText("“small room beside the canteen held a few shelves of donated books”");
  await selectPassage(ana.page, otherPassage);
  await ana.page.getByRole("button", { name: "Ask the room (poll)" }).click();
  await openAgenda(ben.page);
  await ben.page.getByTestId("poll").getByRole("button", { name: "Agree", exact: true }).click();
  await expect(ana.page.getByTestId("poll")).toContainText("1");
  await ben.page.getByRole("button", { name: "Raise hand" }).click();
  await expect(ana.page.getByTestId("speaking-queue")).toContainText("Ben Okafor");

  // A second connection of Ana's stays open to act after the end, as a slow phone would.
  const late = await liveSocket(ana.context, baseUrl, session.id);
  await ana.page.getByRole("button", { name: "End the session" }).click();
  await expect(ben.page.getByTestId("session-status")).toHaveText("Ended");
  await expect(ben.page.getByTestId("poll").getByRole("group", { name: "Your answer" })).toHaveCount(0);
  await expect(ben.page.getByTestId("poll")).toContainText("Poll closed");
  await expect(ben.page.getByTestId("speaking-queue")).toHaveCount(0);
  await expect(ben.page.getByRole("link", { name: "Review this session: replay, minutes, exports" })).toBeVisible();
  const pollId = await ana.page.getByTestId("poll").getAttribute("data-poll-id");
  await expect(late.operation({ type: "poll.vote", pollId: pollId ?? "", choice: "disagree" })).rejects.toThrow(/^SESSION_ENDED/);
  await expect(late.operation({ type: "hand.raise" })).rejects.toThrow(/^SESSION_ENDED/);
  late.close();

  // The review counts in words that agree with the number; the minutes give the poll and the margin question once.
  await ben.page.getByRole("link", { name: "Review this session: replay, minutes, exports" }).click();
  await expect(ben.page.locator(".heat-bar[aria-label*='1 annotation,']")).toHaveCount(1);
  await expect(ben.page.locator(".heat-bar[aria-label*='1 annotations']")).toHaveCount(0);
  const minutes = await (await ben.page.request.get(`${session.path}/export/minutes`)).text();
  expect(minutes).toContain("## Polls of the room");
  expect(minutes).toContain("Agree: 1 · Disagree: 0 · Unsure: 0");
  expect(minutes.split("beside the canteen").length - 1).toBe(1);

  for (const person of [ana, ben, projector]) await person.context.close();
});
