import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demo } from "./support";

/**
 * Screenshots for people to look at (not assertions): landing, sign-in, the demo group and its
 * session, in English and Spanish, on a desktop and a phone. Run with
 * `SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts`; they go to screenshots/.
 */
test.skip(!process.env.SCREENSHOTS, "screenshots are taken only with SCREENSHOTS=1");

const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } };
const locales = { en: "en-US", es: "es-ES" };

async function person(browser: Browser, locale: string, viewport: { width: number; height: number }, account?: { username: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, timezoneId: "Europe/Madrid" });
  const page = await context.newPage();
  if (account) {
    await page.goto(`/sign-in`);
    await page.locator("#login").fill(account.username);
    await page.locator("#password").fill(account.password);
    await page.locator("form button[type=submit]").click();
    await expect(page.locator("nav button")).toBeVisible();
  }
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
  // Long phone pages are hard to look at whole: the first two screens on their own as well.
  const viewport = page.viewportSize();
  if (viewport && viewport.width < 500) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height > viewport.height * 2)
      await page.screenshot({ path: `screenshots/${name}-top.png`, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: viewport.height * 2 } });
  }
}

for (const [language, locale] of Object.entries(locales)) {
  for (const [device, viewport] of Object.entries(viewports)) {
    test(`${language} ${device}`, async ({ browser }) => {
      mkdirSync("screenshots", { recursive: true });
      const visitor = await person(browser, locale, viewport);
      await visitor.goto("/");
      await shoot(visitor, `landing-${language}-${device}`);
      await visitor.goto("/sign-in");
      await shoot(visitor, `sign-in-${language}-${device}`);
      await visitor.context().close();

      const ana = await person(browser, locale, viewport, demo.ana);
      await ana.goto("/");
      await shoot(ana, `home-${language}-${device}`);
      await ana.locator("main a", { hasText: "Sunday Readers" }).click();
      await expect(ana.locator("h1")).toHaveText("Sunday Readers");
      await shoot(ana, `group-${language}-${device}`);
      const sessionLink = ana
        .locator('main a[href*="/sessions/"]')
        .filter({ hasNotText: /schedule|programar/i })
        .first();
      const sessionPath = await sessionLink.getAttribute("href");
      const ben = await person(browser, locale, viewport, demo.ben);
      await ben.goto(sessionPath!);
      await ana.goto(sessionPath!);
      await expect(ana.getByTestId("presence-avatars").locator(".avatar")).toHaveCount(2);
      await shoot(ana, `session-${language}-${device}`);
      for (const [name, path] of [
        ["account", "/account"],
        ["new-session", `${sessionPath!.split("/sessions/")[0]}/sessions/new`],
        ["not-found", "/groups/no-such-group"],
      ]) {
        await ana.goto(path!);
        await shoot(ana, `${name}-${language}-${device}`);
      }
      await ben.context().close();
      await ana.context().close();
    });
  }
}
