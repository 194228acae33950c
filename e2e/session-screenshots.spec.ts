import { expect, test } from "@playwright/test";
import { demo, selectPassage, signIn } from "./support";

test.skip(!process.env.SCREENSHOTS, "screenshots are taken only with SCREENSHOTS=1");

test("session screenshots", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Reading rooms and us" }).click();
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
  await selectPassage(page, "a small room beside the canteen held a few shelves of donated books");
  await page.getByRole("button", { name: "Highlight as Key point" }).click();
  await selectPassage(page, "beside the canteen held a few shelves of donated books, a long table");
  await page.getByRole("button", { name: "Highlight as Question" }).click();
  await selectPassage(page, "Reading aloud was not a sign that people could not read");
  await page.getByRole("button", { name: "Comment…" }).click();
  await page.getByLabel("Your comment").fill("**Important**: reading aloud was about *arguing*.");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: "screenshots/session-desktop.png" });
  await page.getByRole("button", { name: "Start the session" }).click();
  await page.getByRole("tab", { name: "Agenda" }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "screenshots/session-live-agenda.png" });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: "screenshots/session-phone.png" });
  await page.getByRole("button", { name: "Agenda & thread" }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: "screenshots/session-phone-sheet.png" });
  await context.close();
});
