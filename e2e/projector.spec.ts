import { devices, expect, test, type Browser } from "@playwright/test";
import { liveSocket, passageOnPage, scheduleDemoSession } from "./meeting-support";
import { demo, expectNoViolations, signIn, signUp, unique } from "./support";

const phone = { ...devices["Pixel 5"], viewport: { width: 360, height: 740 }, locale: "en-US" };
const focused = "a small room beside the canteen held a few shelves of donated books";
const polled = "Disagreement is part of reading, not a failure of it.";

async function openPhone(browser: Browser) {
  const context = await browser.newContext(phone);
  return { context, page: await context.newPage() };
}

test("the projector follows the facilitator live, and a phone joins by the code it shows", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const facilitator = await browser.newContext({ locale: "en-US" });
  const ana = await facilitator.newPage();
  const session = await scheduleDemoSession(ana, "Projector evening");
  const passage = await passageOnPage(ana, focused);
  const pollPassage = await passageOnPage(ana, polled);

  // The laptop at the projector: Ana signed in there too, full HD.
  const screen = await browser.newContext({ locale: "en-US", viewport: { width: 1920, height: 1080 } });
  const projector = await screen.newPage();
  await signIn(projector, demo.ana);
  const consoleErrors: string[] = [];
  projector.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await projector.goto(session.path);
  await projector.getByRole("link", { name: "Projector view" }).click();
  await expect(projector).toHaveURL(`${session.path}/projector`);
  await expect(projector.getByTestId("connection")).toHaveText("Connected");
  await expect(projector.getByTestId("pj-join-code")).toHaveText(session.code);
  await expect(projector.getByTestId("pj-qr").locator("svg")).toBeVisible();
  await expect(projector.getByRole("img", { name: `QR code that opens ${baseURL}/join/${session.code.replace(" ", "")}` })).toBeVisible();
  await expect(projector.getByText("Starting soon")).toBeVisible();
  await expect(projector.locator(".topbar")).toBeHidden();
  await expectNoViolations(projector, "the projector");

  // Ben, on his phone, types the code from the screen (lower case, no space) and lands in the session.
  const benPhone = await openPhone(browser);
  await signIn(benPhone.page, demo.ben);
  await benPhone.page.goto("/join");
  await expectNoViolations(benPhone.page, "the join page on a phone");
  await benPhone.page.getByLabel("Session code").fill(session.code.replace(" ", "").toLowerCase());
  await benPhone.page.getByRole("button", { name: "Join" }).click();
  await expect(benPhone.page).toHaveURL(session.path);
  await expect(benPhone.page.getByTestId("connection")).toHaveText(/Connected/);
  await expect(projector.getByText("2 here")).toBeVisible();

  // Ana runs the meeting (from sockets here; the session page's own controls are tested elsewhere). The projector follows without a touch.
  const anaLive = await liveSocket(facilitator, baseURL!, session.id);
  const benLive = await liveSocket(benPhone.context, baseURL!, session.id);
  await anaLive.setStatus("live");
  await expect(projector.locator(".pj-status")).toHaveText("Live");
  await expect(projector.getByRole("heading", { name: "Reading together" })).toBeVisible();

  await anaLive.operation({ type: "focus.set", passage });
  await expect(projector.getByTestId("pj-passage")).toContainText(focused);
  await expect(projector.getByTestId("pj-paragraph")).toHaveText("Paragraph 1");

  await anaLive.operation({ type: "question.create", questionId: "q-reading-aloud", text: "Why did the workers read aloud rather than alone?", passage: null, timeBoxMinutes: 5, answerFirst: false });
  await anaLive.operation({ type: "question.create", questionId: "q-hidden-still", text: "A question nobody has seen yet", passage: null, timeBoxMinutes: 3, answerFirst: false });
  await expect(projector.getByTestId("pj-question")).toHaveCount(0); // created, not revealed: nothing shows
  await anaLive.operation({ type: "question.reveal", questionId: "q-reading-aloud" });
  await expect(projector.getByTestId("pj-question")).toContainText("Why did the workers read aloud rather than alone?");
  await expect(projector.getByTestId("pj-question")).toContainText("Question 1");
  await expect(projector.getByTestId("pj-countdown")).toHaveText(/^0[45]:\d\d$/);
  const first = await projector.getByTestId("pj-countdown").innerText();
  await expect(projector.getByTestId("pj-countdown")).not.toHaveText(first); // it ticks
  await expect(projector.getByText("A question nobody has seen yet")).toHaveCount(0);

  await benLive.operation({ type: "hand.raise" });
  await anaLive.operation({ type: "hand.raise" });
  await expect(projector.getByTestId("pj-queue")).toContainText("Ben Okafor");
  await anaLive.operation({ type: "hand.callNext" });
  await expect(projector.getByTestId("pj-speaking-now")).toContainText("Ben Okafor");
  await expect(projector.getByTestId("pj-queue")).toHaveText("Ana Torres");

  await anaLive.operation({ type: "poll.open", pollId: "poll-disagreement", passage: pollPassage });
  await expect(projector.getByTestId("pj-poll")).toContainText(polled);
  await benLive.operation({ type: "poll.vote", pollId: "poll-disagreement", choice: "agree" });
  await anaLive.operation({ type: "poll.vote", pollId: "poll-disagreement", choice: "unsure" });
  await expect(projector.getByTestId("pj-poll-agree")).toContainText("1");
  await expect(projector.getByTestId("pj-poll-unsure")).toContainText("1");
  await expect(projector.getByTestId("pj-poll-disagree")).toContainText("0");
  await expect(projector.getByTestId("pj-poll")).toContainText("2 votes");
  await expectNoViolations(projector, "the projector mid-meeting");

  expect(consoleErrors).toEqual([]); // no hydration mismatch, nothing refused by the CSP

  // The projector loses the network; what happens meanwhile arrives when it is back.
  await screen.setOffline(true);
  await expect(projector.getByTestId("connection")).toHaveText("Reconnecting…");
  await anaLive.operation({ type: "focus.set", passage: pollPassage });
  await anaLive.operation({ type: "poll.close", pollId: "poll-disagreement" });
  await screen.setOffline(false);
  await expect(projector.getByTestId("connection")).toHaveText("Connected");
  await expect(projector.getByTestId("pj-passage")).toContainText(polled);
  await expect(projector.getByTestId("pj-poll")).toHaveCount(0);

  // The session ends: the projector says so and stops showing a code that no longer works.
  await anaLive.setStatus("ended");
  await expect(projector.getByRole("heading", { name: "This session has ended" })).toBeVisible();
  await expect(projector.getByTestId("pj-join-code")).toHaveCount(0);
  const refused = await benPhone.page.goto(`/join/${session.code.replace(" ", "")}`);
  expect(refused?.status()).toBe(404);
  await expect(benPhone.page.getByRole("heading", { name: "No session with that code" })).toBeVisible();

  anaLive.close();
  benLive.close();
  await Promise.all([facilitator.close(), screen.close(), benPhone.context.close()]);
});

test("a signed-out phone signs in and comes back; wrong codes and strangers get the same refusal", async ({ browser }) => {
  const facilitator = await browser.newContext({ locale: "en-US" });
  const session = await scheduleDemoSession(await facilitator.newPage(), "Join by code");
  const compact = session.code.replace(" ", "");

  // Signed out: the code link offers to join as a guest or to sign in, which comes back into the session.
  const visitor = await openPhone(browser);
  await visitor.page.goto(`/join/${compact}`);
  await expect(visitor.page.getByLabel("Session code")).toHaveValue(compact);
  await visitor.page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(visitor.page).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(`/join/${compact}`)}`);
  await visitor.page.getByLabel(/username or e-mail/i).fill(demo.ben.username);
  await visitor.page.getByLabel(/^password$/i).fill(demo.ben.password);
  await visitor.page.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor.page).toHaveURL(session.path);

  // A wrong code: a 404 with a clear message and a form to try again, which then works.
  const wrong = await visitor.page.goto("/join/ZZZ999");
  expect(wrong?.status()).toBe(404);
  await expect(visitor.page.getByRole("heading", { name: "No session with that code" })).toBeVisible();
  await expectNoViolations(visitor.page, "the refusal of a wrong code");
  await visitor.page.getByLabel("Session code").fill(session.code);
  await visitor.page.getByRole("button", { name: "Try again" }).click();
  await expect(visitor.page).toHaveURL(session.path);

  // Someone signed in but outside the group learns nothing: the same answer as a wrong code.
  const stranger = await openPhone(browser);
  await signUp(stranger.page, { username: unique("stranger"), displayName: "Sam Stranger", password: "a stranger's long passphrase" });
  const response = await stranger.page.goto(`/join/${compact}`);
  expect(response?.status()).toBe(404);
  await expect(stranger.page.getByRole("heading", { name: "No session with that code" })).toBeVisible();
  await expect(stranger.page.getByText("Join code")).toHaveCount(0);
  await expect(stranger.page.getByText("Sunday Readers")).toHaveCount(0);

  // The projector itself is for members only.
  const projector = await stranger.page.goto(`${session.path}/projector`);
  expect(projector?.status()).toBe(404);

  await Promise.all([facilitator.close(), visitor.context.close(), stranger.context.close()]);
});
