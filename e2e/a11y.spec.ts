import { expect, test } from "@playwright/test";
import { createGroupWithSession, createInvite, expectNoViolations, newPerson, signedUpPerson, type GroupSetup } from "./support";

/** Every foundation page passes axe (WCAG 2.2 A and AA, and axe's best practices), in both languages, on desktop and phone. */

let setup: GroupSetup;
let invitePath = "";

test.beforeAll(async ({ browser }) => {
  const owner = await signedUpPerson(browser, "a11y", "Ada Access");
  setup = await createGroupWithSession(owner.page, "Accessible Readers");
  await owner.page.goto(setup.groupPath);
  invitePath = await createInvite(owner.page);
  await owner.context.close();
});

const variants = [
  { locale: "en-US", viewport: { width: 1280, height: 800 } },
  { locale: "es-ES", viewport: { width: 360, height: 740 } },
];
for (const { locale, viewport } of variants) {
  {
    test(`every page is accessible (${locale}, ${viewport.width}px)`, async ({ browser }) => {
      // It opens every page, signed out and in, each first rendered by a cold server.
      test.setTimeout(240_000);
      const visitor = await browser.newContext({ locale, viewport });
      const page = await visitor.newPage();
      for (const path of ["/", "/sign-in", "/sign-up", invitePath, "/no-such-page"]) {
        await page.goto(path);
        await expectNoViolations(page, `signed out ${path}`);
      }
      // Error states are part of the page too.
      await page.goto("/sign-in");
      await page.locator("#login").fill("nobody-here");
      await page.locator("#password").fill("wrong password");
      await page.locator("form button[type=submit]").click();
      await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
      await expectNoViolations(page, "sign-in with an error");
      await visitor.close();

      const member = await signedUpPerson(browser, "axe", "Axel Member");
      await member.context.close();
      const context = await browser.newContext({ locale, viewport });
      const owner = await context.newPage();
      const { page: ownerPage } = { page: owner };
      await ownerPage.goto("/sign-in");
      await ownerPage.locator("#login").fill(member.account.username);
      await ownerPage.locator("#password").fill(member.account.password);
      await ownerPage.locator("form button[type=submit]").click();
      await expect(ownerPage.locator("nav button")).toBeVisible();
      await ownerPage.goto(invitePath);
      await expectNoViolations(ownerPage, "invite, signed in");
      await ownerPage.locator("main form button[type=submit]").click();
      await expect(ownerPage).toHaveURL(new RegExp(`${setup.groupPath}$`));
      for (const path of ["/", setup.groupPath, `${setup.groupPath}/articles/${setup.articleId}`, setup.sessionPath, "/account", "/no-such-page"]) {
        await ownerPage.goto(path);
        if (path === setup.sessionPath) {
          // On a phone the session's first screen reaches the text: its links and the reader's controls stay compact.
          if (viewport.width < 520) expect((await ownerPage.locator("[data-block-text]").first().boundingBox())!.y).toBeLessThan(viewport.height);
          const sheet = ownerPage.getByRole("button", { name: /Agenda & thread|Orden y debate/ });
          if (await sheet.isVisible()) await sheet.click();
          await expect(ownerPage.getByTestId("presence").getByRole("listitem")).toHaveCount(1);
        }
        await expectNoViolations(ownerPage, `member ${path}`);
      }
      await context.close();
    });
  }
}

test("organiser pages are accessible: group with invites and member controls, new article, new session", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "org", "Orla Organiser");
  const group = await createGroupWithSession(owner.page, "Organised Readers");
  await owner.page.goto(group.groupPath);
  await createInvite(owner.page);
  await expectNoViolations(owner.page, "group page with a fresh invite");
  for (const path of [`${group.groupPath}/sessions/new`, `${group.groupPath}/articles/new`, group.sessionPath]) {
    await owner.page.goto(path);
    await expectNoViolations(owner.page, path);
  }
  await owner.context.close();
});

test("the keyboard reaches the skip link first, then the header, then the page, in reading order", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await page.goto("/sign-in");
  const order: string[] = [];
  for (let step = 0; step < 7; step++) {
    await page.keyboard.press("Tab");
    order.push(
      await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return "";
        const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
        return `${element.tagName.toLowerCase()}:${(label ?? element.textContent ?? "").trim()}`;
      }),
    );
  }
  expect(order).toEqual(["a:Skip to content", "a:Study Circle", "a:Sign in", "a:Create account", "input:Username or e-mail", "input:Password", "button:Sign in"]);

  // The skip link moves focus to the main content.
  await page.goto("/sign-in");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("login");

  // Focus is visible.
  const outline = await page.locator("#login").evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe("none");
  await context.close();
});

test("every form field on the group and session pages has a label", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "lbl", "Lara Label");
  const group = await createGroupWithSession(owner.page, "Labelled Readers");
  for (const path of [group.groupPath, `${group.groupPath}/sessions/new`, "/", "/account"]) {
    await owner.page.goto(path);
    const unlabelled = await owner.page.evaluate(() =>
      [...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
        .filter((element) => !(element as HTMLElement).closest("[aria-hidden=true]"))
        .filter((element) => {
          const labelled = element.id && document.querySelector(`label[for="${element.id}"]`);
          const named = element.getAttribute("aria-label") || element.getAttribute("aria-labelledby") || (element.tagName === "BUTTON" && element.textContent?.trim());
          return !labelled && !named;
        })
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(unlabelled, path).toEqual([]);
  }
  await owner.context.close();
});

test("guest pages are accessible: /join, waiting at the door, the guest's session and the facilitator's guest panel", async ({ browser }) => {
  // Eight axe runs on four pages in two languages: on a loaded 2-core machine each takes up to half a minute.
  test.setTimeout(360_000);
  const owner = await signedUpPerson(browser, "gst", "Gil Guesthost");
  await createGroupWithSession(owner.page, "Open Readers");
  const code = /([A-Z0-9]{3} [A-Z0-9]{3})/.exec(await owner.page.getByTestId("session-join-code").innerText())?.[1] ?? "";
  await owner.page.getByLabel("Let people join as guests with the code (no account)").check();
  await expect(owner.page.getByLabel("Admit guests automatically")).toBeEnabled();

  for (const { locale, viewport } of variants) {
    const guest = await browser.newContext({ locale, viewport });
    const page = await guest.newPage();
    await page.goto("/join");
    await expectNoViolations(page, `${locale} /join`);
    await page.locator("#join-code").fill(code);
    await page.locator("#guest-name").fill(`Guest ${locale}`);
    await page.locator("form.join-form button[type=submit]").click();
    await expect(page.getByTestId("guest-notice")).toHaveAttribute("data-standing", "waiting");
    await expectNoViolations(page, `${locale} waiting guest`);

    const row = owner.page.getByTestId("guest-row").filter({ hasText: `Guest ${locale}` });
    await expect(row).toHaveAttribute("data-status", "waiting");
    await expectNoViolations(owner.page, `${locale} guest panel with a guest waiting`);
    await row.getByRole("button").first().click();
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "online", { timeout: 20_000 });
    await expectNoViolations(page, `${locale} guest's session page`);
    await guest.close();
  }
  await owner.context.close();
});
