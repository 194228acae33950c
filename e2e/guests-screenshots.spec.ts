import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { scheduleDemoSession } from "./meeting-support";
import { baseUrl, newPerson, selectPassage } from "./support";

test.skip(!process.env.SCREENSHOTS, "screenshots are taken only with SCREENSHOTS=1");

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1280, height: 800 } };

async function speak(context: BrowserContext, locale: "en" | "es") {
  await context.addCookies([{ name: "sc_locale", value: locale, url: baseUrl }]);
}

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(600);
  await page.screenshot({ path: `screenshots/guests-${name}.png` });
}

test("guest screenshots: the /join form, a guest's session page and the facilitator's guest panel, phone and desktop, English and Spanish", async ({ browser }) => {
  test.setTimeout(300_000);
  const ana = await newPerson(browser);
  ana.page.on("dialog", (dialog) => void dialog.accept());
  const session = await scheduleDemoSession(ana.page, "Open evening");
  await ana.page.getByTestId("guest-panel").getByRole("checkbox").first().check();
  await expect(ana.page.getByTestId("guest-panel").getByRole("checkbox").nth(1)).toBeEnabled();

  for (const locale of ["en", "es"] as const) {
    const name = locale === "en" ? "Rosa" : "Tomás";
    const guestDesktop = await browser.newContext({ locale: locale === "en" ? "en-US" : "es-ES", ...desktop });
    await speak(guestDesktop, locale);
    const desk = await guestDesktop.newPage();
    await desk.goto("/join");
    await shoot(desk, `join-desktop-${locale}`);

    const guestPhone = await browser.newContext({ locale: locale === "en" ? "en-US" : "es-ES", ...phone });
    await speak(guestPhone, locale);
    const mobile = await guestPhone.newPage();
    await mobile.goto("/join");
    await shoot(mobile, `join-phone-${locale}`);
    await mobile.locator("#join-code").fill(session.code);
    await mobile.locator("#guest-name").fill(name);
    await mobile.locator("form.join-form button[type=submit]").click();
    await expect(mobile.getByTestId("guest-notice")).toHaveAttribute("data-standing", "waiting");
    await shoot(mobile, `waiting-phone-${locale}`);

    // The facilitator's panel, with the guest waiting, in this language.
    await speak(ana.context, locale);
    await ana.page.reload();
    await expect(ana.page.getByTestId("guest-row").filter({ hasText: name })).toHaveAttribute("data-status", "waiting");
    await shoot(ana.page, `panel-desktop-${locale}`);
    const anaPhone = await browser.newContext({ ...phone, storageState: await ana.context.storageState() });
    const anaMobile = await anaPhone.newPage();
    await anaMobile.goto(session.path);
    await expect(anaMobile.getByTestId("connection")).toHaveAttribute("data-state", "online");
    await anaMobile.locator("button[aria-controls='session-sidebar']").click();
    await shoot(anaMobile, `panel-phone-${locale}`);

    await ana.page.getByTestId("guest-row").filter({ hasText: name }).locator("button").first().click();
    await expect(mobile.getByTestId("connection")).toHaveAttribute("data-state", "online", { timeout: 20_000 });
    await selectPassage(
      mobile,
      locale === "en" ? "a small room beside the canteen held a few shelves of donated books" : "Reading aloud was not a sign that people could not read",
    );
    await mobile.locator(".kind-chip").nth(1).click();
    await shoot(mobile, `session-phone-${locale}`);
    const guestWide = await browser.newContext({ ...desktop, storageState: await guestPhone.storageState() });
    const wide = await guestWide.newPage();
    await wide.goto(session.path);
    await expect(wide.getByTestId("connection")).toHaveAttribute("data-state", "online");
    await shoot(wide, `session-desktop-${locale}`);
    await guestWide.close();
    await anaMobile.close();
    await anaPhone.close();
    await ana.page.reload();
    await expect(ana.page.getByTestId("guest-badge").first()).toBeVisible();
    await shoot(ana.page, `facilitator-sees-guest-desktop-${locale}`);
    await guestDesktop.close();
    await guestPhone.close();
  }
  await ana.context.close();
});
