import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support";

/** The paragraph whose rail shows `name` reading it, on `page` (null when none does). */
async function paragraphRead(page: Page, name: string): Promise<string | null> {
  const reader = page.getByRole("img", { name: `Reading here: ${name}` });
  if ((await reader.count()) === 0) return null;
  return reader.locator("xpath=ancestor::*[@data-rail-block][1]").getAttribute("data-rail-block");
}

test("two members in a session: one scrolls and the other sees their avatar move; one leaves and is gone", async ({ browser }) => {
  const [anaContext, benContext] = await Promise.all([0, 1].map(() => browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } })));
  const ana = await anaContext!.newPage();
  const ben = await benContext!.newPage();

  await signIn(ana, demo.ana);
  await ana.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.getByRole("link", { name: "Schedule a session" }).click();
  await ana.getByLabel("Session title").fill(`Presence evening ${Date.now()}`);
  await ana.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await ana.getByLabel("Date and time").fill("2030-01-06T19:00");
  await ana.getByRole("button", { name: "Schedule session" }).click();
  await expect(ana.getByTestId("connection")).toHaveText(/Connected/);
  const sessionPath = new URL(ana.url()).pathname;

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
