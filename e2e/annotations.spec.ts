import { expect, test, type Page } from "@playwright/test";
import { OwnServer } from "./own-server";
import { demo, selectPassage, signIn, unique } from "./support";

const server = new OwnServer(Number(process.env.E2E_PORT ?? 3210) + 50, "e2e/.data-annotations");

test.beforeAll(async () => {
  await server.startFresh();
});

test.afterAll(async () => {
  await server.stop();
});

test.use({ baseURL: server.url });

async function openSession(page: Page, sessionPath: string) {
  await page.goto(sessionPath);
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
}

function cards(page: Page) {
  return page.getByTestId("annotation-card");
}

test("three members annotate together, offline edits arrive exactly once, and a server crash loses nothing", async ({ browser }) => {
  test.setTimeout(120_000);
  const contexts = await Promise.all([0, 1, 2].map(() => browser.newContext({ locale: "en-US", baseURL: server.url })));
  const [a, b, c] = await Promise.all(contexts.map((context) => context.newPage()));
  if (!a || !b || !c) throw new Error("pages");

  // Ana (owner) schedules a session on the sample article and invites a third member.
  await signIn(a, demo.ana);
  await a.getByRole("link", { name: "Sunday Readers" }).click();
  await a.getByRole("button", { name: "Create invite link" }).click();
  await expect(a.getByTestId("invite-link").first()).toHaveValue(/^http/);
  const invite = new URL(await a.getByTestId("invite-link").first().inputValue()).pathname;
  await a.getByRole("link", { name: "Schedule a session" }).click();
  await a.getByLabel("Session title").fill("Annotation evening");
  await a.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await a.getByLabel("Date and time").fill("2030-01-06T19:00");
  await a.getByRole("button", { name: "Schedule session" }).click();
  await expect(a.getByTestId("connection")).toHaveText(/Connected/);
  const sessionPath = new URL(a.url()).pathname;

  await signIn(b, demo.ben);
  await openSession(b, sessionPath);
  await c.goto(`/sign-up?callbackUrl=${encodeURIComponent(invite)}`);
  await c.getByLabel("Username", { exact: true }).fill(unique("cara"));
  await c.getByLabel("Display name").fill("Cara Diaz");
  await c.getByLabel("Password", { exact: true }).fill("cara has a long password");
  await c.getByRole("button", { name: "Create account" }).click();
  await c.getByRole("button", { name: "Join the group" }).click();
  // Opening the session before the join has answered would cancel it: wait for the group's page.
  await expect(c).toHaveURL(/\/groups\/[^/]+$/);
  await openSession(c, sessionPath);

  // A highlights and comments; B and C see it appear live.
  await selectPassage(a, "a small room beside the canteen held a few shelves of donated books");
  await a.getByRole("button", { name: "Comment…" }).click();
  await a.getByLabel("Your comment").fill("Who **donated** the books? <script>alert(1)</script>");
  await a.getByRole("button", { name: "Save" }).click();
  for (const page of [b, c]) {
    await expect(cards(page)).toHaveCount(1);
    await expect(cards(page).first()).toContainText("Who donated the books?");
    await expect(cards(page).first().locator("strong", { hasText: "donated" })).toBeVisible();
    await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
  }

  // B replies; A and C see the reply.
  await cards(b).first().getByRole("button", { name: "Reply" }).click();
  await cards(b).first().getByLabel("Your reply").fill("The union library, I think.");
  await cards(b).first().getByRole("button", { name: "Reply", exact: true }).click();
  for (const page of [a, c]) {
    await cards(page).first().getByRole("button", { name: /repl/i }).first().click();
    await expect(cards(page).first().getByTestId("reply")).toContainText("The union library, I think.");
  }

  // C loses the network, keeps working, reloads while offline, and comes back.
  await c.context().setOffline(true);
  await expect(c.getByTestId("connection")).toHaveText(/Offline/);
  await selectPassage(c, "Reading aloud was not a sign that people could not read");
  await c.getByRole("button", { name: "Highlight as Disagree" }).click();
  const anasCard = cards(c).filter({ hasText: "Who donated" });
  await anasCard.getByLabel("Your reply").fill("Or the owners, to keep us quiet.");
  await anasCard.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(c.getByTestId("sync-banner")).toContainText("2 changes waiting");
  await c.reload();
  await expect(c.getByTestId("sync-banner")).toContainText("2 changes waiting");
  await expect(cards(c)).toHaveCount(2);
  await c.context().setOffline(false);
  await expect(c.getByTestId("connection")).toHaveText(/Connected/, { timeout: 20_000 });
  await expect(c.getByTestId("sync-banner")).toHaveCount(0);
  for (const page of [a, b, c]) {
    await expect(cards(page)).toHaveCount(2);
    const card = cards(page).filter({ hasText: "Who donated" });
    const expand = card.getByRole("button", { name: /replies/ });
    if (await expand.count()) await expand.click();
    await expect(card.getByTestId("reply")).toHaveCount(2);
    await expect(page.getByText("Or the owners, to keep us quiet.")).toHaveCount(1);
  }

  // The server crashes (SIGKILL) mid-session and comes back: every acknowledged word is still there.
  await server.crash();
  await expect(a.getByTestId("connection")).toHaveText(/Offline/);
  await server.start();
  for (const page of [a, b, c]) await expect(page.getByTestId("connection")).toHaveText(/Connected/, { timeout: 30_000 });
  await b.reload();
  await expect(cards(b)).toHaveCount(2);
  await cards(b).filter({ hasText: "Who donated" }).getByRole("button", { name: /2 replies/ }).click();
  await expect(b.getByText("The union library, I think.")).toBeVisible();
  await expect(b.getByText("Or the owners, to keep us quiet.")).toBeVisible();

  await Promise.all(contexts.map((context) => context.close()));
});
