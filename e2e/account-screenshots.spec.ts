import { mkdirSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { createGroupWithSession, createInvite, joinByInvite, newAccount, signIn, signUp } from "./support";

/**
 * Screenshots for people to look at (not assertions): the account page, the group's reset-link
 * panel and the reset page, in English and Spanish, on a desktop and a phone. Run with
 * `SCREENSHOTS=1 npx playwright test e2e/account-screenshots.spec.ts`; they go to screenshots/.
 */
test.skip(!process.env.SCREENSHOTS, "screenshots are taken only with SCREENSHOTS=1");

const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

async function context(browser: Browser, locale: string, viewport: { width: number; height: number }, userAgent?: string) {
  return browser.newContext({ locale, viewport, timezoneId: "Europe/Madrid", ...(userAgent ? { userAgent } : {}) });
}

test("account page, reset-link panel and reset page", async ({ browser }) => {
  mkdirSync("screenshots", { recursive: true });
  const setupContext = await context(browser, "en-US", viewports.desktop);
  const ownerPage = await setupContext.newPage();
  const owner = newAccount("shotowner", "Ana Torres");
  await signUp(ownerPage, owner);
  const setup = await createGroupWithSession(ownerPage, "Sunday Readers");
  await ownerPage.goto(setup.groupPath);
  const invite = await createInvite(ownerPage);
  const member = newAccount("shotmember", "Ben Okafor");
  const memberPage = await (await context(browser, "en-US", viewports.desktop)).newPage();
  await signUp(memberPage, member);
  await joinByInvite(memberPage, invite);
  const phone = await (await context(browser, "en-US", viewports.phone, "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0")).newPage();
  await signIn(phone, owner);

  for (const [language, locale] of Object.entries({ en: "en-US", es: "es-ES" })) {
    for (const [device, viewport] of Object.entries(viewports)) {
      const page = await (await context(browser, locale, viewport)).newPage();
      await signIn(page, owner);
      if (language === "es") {
        await page.goto("/account");
        await page.locator("#locale").selectOption("es");
        await page.locator("form button[type=submit]").first().click();
        await expect(page.locator("html")).toHaveAttribute("lang", "es");
      }
      await page.goto("/account");
      await page.screenshot({ path: `screenshots/account-${language}-${device}.png`, fullPage: true });
      await page.goto(setup.groupPath);
      await page.locator("#reset-member").selectOption({ index: 0 });
      await page.locator("#reset-member").locator("xpath=ancestor::form").locator("button[type=submit]").click();
      await expect(page.getByTestId("reset-qr")).toBeVisible();
      await page.getByTestId("reset-qr").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `screenshots/reset-panel-${language}-${device}.png` });
      const link = new URL(await page.getByTestId("reset-link").inputValue()).pathname;
      const visitor = await (await context(browser, locale, viewport)).newPage();
      await visitor.goto(link);
      await visitor.screenshot({ path: `screenshots/reset-${language}-${device}.png`, fullPage: true });
      if (language === "es") {
        await page.goto("/account");
        await page.locator("#locale").selectOption("en");
        await page.locator("form button[type=submit]").first().click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
      await visitor.context().close();
      await page.context().close();
    }
  }
});
