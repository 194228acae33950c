import { devices, expect, test } from "@playwright/test";
import { liveSocket, passageOnPage, scheduleDemoSession } from "./meeting-support";
import { demo, signIn, unique } from "./support";

/**
 * Pictures of the projector and the join page to look at, not assertions: run with
 * SCREENSHOTS=1 (they land in screenshots/, which git ignores).
 */
test.skip(!process.env.SCREENSHOTS, "screenshots only when SCREENSHOTS=1");

test("projector in a running meeting, and joining on a phone", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const facilitator = await browser.newContext({ locale: "en-US" });
  const ana = await facilitator.newPage();
  const session = await scheduleDemoSession(ana, "Reading rooms, part one");
  const passage = await passageOnPage(ana, "In the cigar factories the workers paid the lector out of their own wages, and they voted on what he would read.");
  const longPassage = await passageOnPage(
    ana,
    "Reading aloud was not a sign that people could not read. It was a way of sharing one copy of an expensive newspaper among forty people, and, more importantly, a way of stopping to argue. A reader would pause at the end of a paragraph, and someone would ask what the writer really meant by \"a fair day's wage\".\n\nThe paper was read by one and understood by all; the understanding was what we paid for.",
  );

  await ana.screenshot({ path: "screenshots/session-join-line.png", clip: { x: 0, y: 0, width: 1280, height: 260 } });

  // A few more members, so the queue and the poll look like a real room.
  await ana.goto("/");
  await ana.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.getByRole("button", { name: "Create invite link" }).click();
  const invite = new URL(await ana.getByTestId("invite-link").first().inputValue()).pathname;
  const others = [];
  for (const name of ["Cara Díaz", "Dev Patel", "Eli Moreau"]) {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`/sign-up?callbackUrl=${encodeURIComponent(invite)}`);
    await page.getByLabel("Username", { exact: true }).fill(unique(name.split(" ")[0]!.toLowerCase()));
    await page.getByLabel("Display name").fill(name);
    await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("button", { name: "Join the group" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sunday Readers" })).toBeVisible();
    others.push(context);
  }
  const benContext = await browser.newContext({ locale: "en-US" });
  await signIn(await benContext.newPage(), demo.ben);

  const screen = await browser.newContext({ locale: "en-US", viewport: { width: 1920, height: 1080 } });
  const projector = await screen.newPage();
  await signIn(projector, demo.ana);
  await projector.goto(`${session.path}/projector`);
  await expect(projector.getByTestId("connection")).toHaveText("Connected");
  await projector.screenshot({ path: "screenshots/projector-planned.png" });

  const anaLive = await liveSocket(facilitator, baseURL!, session.id);
  const room = [anaLive, await liveSocket(benContext, baseURL!, session.id), ...(await Promise.all(others.map((context) => liveSocket(context, baseURL!, session.id))))];
  const [, ben, cara, dev, eli] = room;
  await anaLive.setStatus("live");
  await anaLive.operation({ type: "focus.set", passage });
  await anaLive.operation({ type: "question.create", questionId: "q-shot-1", text: "Why would workers pay a reader out of their own wages — and what did they get for it?", passage, timeBoxMinutes: 8, answerFirst: false });
  await anaLive.operation({ type: "question.reveal", questionId: "q-shot-1" });
  for (const person of [ben, cara, dev, eli]) await person!.operation({ type: "hand.raise" });
  await anaLive.operation({ type: "hand.callNext" });
  await anaLive.operation({ type: "poll.open", pollId: "poll-shot-1", passage });
  for (const [person, choice] of [[ben, "agree"], [cara, "agree"], [dev, "disagree"], [eli, "agree"], [anaLive, "unsure"]] as const) {
    await person!.operation({ type: "poll.vote", pollId: "poll-shot-1", choice });
  }
  await expect(projector.getByTestId("pj-poll")).toContainText("5 votes");
  await projector.waitForTimeout(1500); // bars finish growing
  await projector.screenshot({ path: "screenshots/projector-live.png" });
  await projector.setViewportSize({ width: 1280, height: 720 });
  await projector.screenshot({ path: "screenshots/projector-live-720p.png" });
  await projector.setViewportSize({ width: 1920, height: 1080 });

  // A long passage across paragraphs, with the poll closed.
  await anaLive.operation({ type: "poll.close", pollId: "poll-shot-1" });
  await anaLive.operation({ type: "focus.set", passage: longPassage });
  await expect(projector.getByTestId("pj-paragraph")).toHaveText(/Paragraphs/);
  await projector.screenshot({ path: "screenshots/projector-long-passage.png" });

  const phone = await browser.newContext({ ...devices["Pixel 5"], viewport: { width: 360, height: 740 }, locale: "en-US" });
  const join = await phone.newPage();
  await signIn(join, demo.ben);
  await join.goto("/join");
  await join.getByLabel("Session code").fill(session.code);
  await join.screenshot({ path: "screenshots/join-phone.png" });
  await join.goto("/join/WRONG1");
  await join.screenshot({ path: "screenshots/join-phone-wrong.png" });

  for (const socket of room) socket.close();
  await Promise.all([facilitator, benContext, screen, phone, ...others].map((context) => context.close()));
});
