import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo } from "./support";

/**
 * Screenshots of the study room for people to compare before and after a layout change: the
 * live session at 1,280 and 1,920 px, a phone at 360 px (session, menu, archive), the thread's
 * reactions, the preparation form and the projector, in English and Spanish. They assert
 * nothing; the reading column's width is written beside them (measurements.json).
 * `SCREENSHOTS=1 SHOTS_DIR=screenshots/after npx playwright test e2e/studyroom-screenshots.spec.ts`
 */
test.skip(!process.env.SCREENSHOTS, "screenshots are taken only with SCREENSHOTS=1");

const folder = process.env.SHOTS_DIR ?? "screenshots/studyroom";
const locales = { en: "en-US", es: "es-ES" } as const;
const measurements: Record<string, unknown> = {};

async function person(browser: Browser, locale: string, viewport: { width: number; height: number }, account: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, timezoneId: "Europe/Madrid" });
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  await page.goto("/sign-in");
  await page.locator("#login").fill(account.username);
  await page.locator("#password").fill(account.password);
  await page.locator("form button[type=submit]").click();
  await expect(page.locator("nav button")).toBeVisible();
  return page;
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage });
}

async function measure(page: Page, name: string): Promise<void> {
  measurements[name] = await page.evaluate(() => {
    const text = document.querySelector<HTMLElement>(".session-main .article [data-block-text]") ?? document.querySelector<HTMLElement>(".article [data-block-text]");
    if (!text) return null;
    const width = text.getBoundingClientRect().width;
    const probe = document.createElement("span");
    probe.textContent = "the reading room held donated books and a long table ".repeat(4);
    probe.style.whiteSpace = "nowrap";
    text.appendChild(probe);
    const perChar = probe.getBoundingClientRect().width / probe.textContent.length;
    probe.remove();
    return { columnPx: Math.round(width), charactersPerLine: Math.round(width / perChar) };
  });
}

// One ordered run over the demo group's one session: both languages while it is live, then the
// archive and review in both once it has ended. ARCHIVE_ONLY=1 takes only those two.
const archiveOnly = Boolean(process.env.ARCHIVE_ONLY);

test("study room, English and Spanish", async ({ browser }) => {
  test.setTimeout(900_000);
  mkdirSync(folder, { recursive: true });
  const starter = await person(browser, "en-US", { width: 1280, height: 800 }, demo.ana);
  await starter.locator("main a", { hasText: "Sunday Readers" }).click();
  await expect(starter.locator("h1")).toHaveText("Sunday Readers");
  const groupPath = new URL(starter.url()).pathname;
  const sessionPath = (await starter.locator('main a[href*="/sessions/"]').filter({ hasNotText: /schedule/i }).first().getAttribute("href"))!;
  await starter.goto(`${sessionPath}/prepare`);
  if (!archiveOnly) await shoot(starter, "prepare-en-1280");
  await starter.goto(sessionPath);
  await starter.getByRole("button", { name: "Start the session" }).click();
  await expect(starter.getByTestId("session-status")).toHaveText("Live now");
  if (!archiveOnly) await shootLiveRoom(browser, starter, sessionPath);
  await starter.goto(sessionPath);
  await starter.getByRole("button", { name: "End the session" }).click();
  await expect(starter.getByTestId("session-status")).toHaveText("Ended");
  for (const [language, locale] of Object.entries(locales)) {
    const phone = await person(browser, locale, { width: 360, height: 740 }, demo.ben);
    await phone.goto(groupPath);
    await phone.getByTestId("archive").scrollIntoViewIfNeeded();
    await phone.getByTestId("archive").screenshot({ path: `${folder}/archive-phone-${language}.png` });
    await phone.goto(`${sessionPath}/review`);
    await shoot(phone, `review-phone-${language}`);
    await phone.context().close();
  }
  writeFileSync(`${folder}/measurements.json`, JSON.stringify(measurements, null, 2));
  await starter.context().close();
});

async function shootLiveRoom(browser: Browser, starter: Page, sessionPath: string): Promise<void> {
  const ben = await person(browser, "en-US", { width: 1280, height: 800 }, demo.ben);
  await ben.goto(sessionPath);
  await ben.getByRole("tab", { name: /Thread/ }).click();
  await ben.getByLabel(/^Message/).fill("The canteen room is where it all started.");
  await ben.getByRole("button", { name: "Send" }).click();
  await starter.getByRole("tab", { name: /Thread/ }).click();
  await starter.locator(".reaction").first().click();
  await starter.locator(".reaction").nth(1).click();
  await starter.locator(".thread-panel").screenshot({ path: `${folder}/reactions-en.png` });
  await ben.context().close();

  for (const [language, locale] of Object.entries(locales)) {
    const ana = language === "en" ? starter : await person(browser, locale, { width: 1280, height: 800 }, demo.ana);
    await ana.goto(sessionPath);
    await expect(ana.getByTestId("connection")).toHaveAttribute("data-state", "online");
    await shoot(ana, `session-live-${language}-1280`);
    await measure(ana, `session-live-${language}-1280`);
    await ana.setViewportSize({ width: 1920, height: 1080 });
    await shoot(ana, `session-live-${language}-1920`);
    await measure(ana, `session-live-${language}-1920`);
    await ana.setViewportSize({ width: 1280, height: 800 });
    if (language === "es") {
      await ana.goto(`${sessionPath}/prepare`);
      await shoot(ana, "prepare-es-1280");
    }

    const projector = await person(browser, locale, { width: 1920, height: 1080 }, demo.ana);
    await projector.goto(`${sessionPath}/projector`);
    await shoot(projector, `projector-${language}`);
    await projector.context().close();

    const phone = await person(browser, locale, { width: 360, height: 740 }, demo.ben);
    await phone.goto(sessionPath);
    await phone.locator("[data-block-id]").nth(14).scrollIntoViewIfNeeded();
    await shoot(phone, `session-phone-${language}`);
    await phone.evaluate(() => window.scrollTo(0, 0));
    await shoot(phone, `menu-phone-${language}`);
    await phone.context().close();
    if (ana !== starter) await ana.context().close();
  }
}
