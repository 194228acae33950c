import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import {
  acceptNextDialog,
  cookieHeader,
  createGroupWithSession,
  createInvite,
  expectNoViolations,
  joinByInvite,
  newAccount,
  newPerson,
  openSocket,
  signIn,
  signUp,
  type Account,
} from "./support";

/** The account page: password, sessions, own data, deletion; and owner-made reset links. */

const firefoxOnAndroid = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
const safariOnIphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Another device of the same person: a fresh browser with its own user agent, signed in. */
async function device(browser: Browser, account: Account, userAgent: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", userAgent });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function expectSignedOut(page: Page): Promise<void> {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
}

async function signInFails(browser: Browser, account: Account, password: string): Promise<void> {
  const { context, page } = await newPerson(browser);
  await page.goto("/sign-in");
  await page.getByLabel("Username or e-mail").fill(account.username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  await context.close();
}

test("changing the password needs the current one and signs out every other device, whose sockets close", async ({ browser }) => {
  const here = await newPerson(browser);
  const account = newAccount("changer", "Chana Changer");
  await signUp(here.page, account);
  const phone = await device(browser, account, firefoxOnAndroid);
  const { socket, error } = await openSocket({ cookie: await cookieHeader(phone.context()) });
  expect(error).toBeUndefined();
  const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));

  await here.page.goto("/account");
  const sessions = here.page.getByTestId("auth-session");
  await expect(sessions).toHaveCount(2);
  await expectNoViolations(here.page, "account page with two sessions");
  await expect(sessions.first()).toContainText("This device");
  await expect(sessions.nth(1)).toContainText("Firefox on Android");

  await here.page.getByLabel("Current password").fill("not the password at all");
  await here.page.getByLabel("New password").fill("a brand new passphrase");
  await here.page.getByRole("button", { name: "Change password" }).click();
  await expect(here.page.getByRole("main").getByRole("alert")).toHaveText("That is not your current password.");
  await expectSignedIn(phone);

  await here.page.getByLabel("Current password").fill(account.password);
  await here.page.getByLabel("New password").fill("a brand new passphrase");
  await here.page.getByRole("button", { name: "Change password" }).click();
  await expect(here.page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  expect(await closed).toBe("io server disconnect");
  await expectSignedOut(phone);
  await here.page.reload();
  await expect(here.page.getByTestId("auth-session")).toHaveCount(1);
  await expect(here.page.getByText("You are signed in on this device only.")).toBeVisible();

  await signInFails(browser, account, account.password);
  const later = await device(browser, { ...account, password: "a brand new passphrase" }, safariOnIphone);
  for (const page of [here.page, phone, later]) await page.context().close();
});

async function expectSignedIn(page: Page): Promise<void> {
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
}

test("ending one other session signs out that device only; signing out everywhere ends them all", async ({ browser }) => {
  const here = await newPerson(browser);
  const account = newAccount("ender", "Enzo Ender");
  await signUp(here.page, account);
  const phone = await device(browser, account, firefoxOnAndroid);
  const tablet = await device(browser, account, safariOnIphone);

  await here.page.goto("/account");
  await here.page.getByRole("button", { name: "End the session of Firefox on Android" }).click();
  await expect(here.page.getByTestId("auth-session")).toHaveCount(2);
  await expectSignedOut(phone);
  await expectSignedIn(tablet);

  await here.page.getByRole("button", { name: /^Sign out everywhere/ }).click();
  await expect(here.page).toHaveURL(/\/sign-in/);
  await expectSignedOut(here.page);
  await expectSignedOut(tablet);
  for (const page of [here.page, phone, tablet]) await page.context().close();
});

test("a member downloads their own data as JSON", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const account = newAccount("keeper", "Kea Keeper");
  await signUp(page, account);
  const groupName = `Data circle ${Date.now()}`;
  await createGroupWithSession(page, groupName);
  await page.goto("/account");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download your data" }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^study-circle-keeper.*\.json$/);
  const data = JSON.parse(readFileSync((await file.path())!, "utf8"));
  expect(data.profile).toMatchObject({ username: account.username, displayName: "Kea Keeper" });
  expect(data.memberships).toEqual([expect.objectContaining({ group: groupName, role: "owner" })]);
  expect(JSON.stringify(data)).not.toMatch(/argon2|password/i);
  await context.close();
});

test("an owner hands a member a single-use reset link: it sets a new password once and signs the member out everywhere", async ({ browser }) => {
  const owner = await newPerson(browser);
  await signUp(owner.page, newAccount("resetowner", "Rosa Owner"));
  const setup = await createGroupWithSession(owner.page, `Reset circle ${Date.now()}`);
  await owner.page.goto(setup.groupPath);
  const invite = await createInvite(owner.page);

  const member = newAccount("forgetful", "Fern Forgetful");
  const memberPage = (await newPerson(browser)).page;
  await signUp(memberPage, member);
  await joinByInvite(memberPage, invite);

  await owner.page.goto(setup.groupPath);
  await owner.page.getByLabel("Member", { exact: true }).selectOption({ label: `Fern Forgetful (@${member.username})` });
  await owner.page.getByRole("button", { name: "Make a reset link" }).click();
  await expect(owner.page.getByRole("img", { name: "QR code of the reset link for Fern Forgetful" })).toBeVisible();
  const link = new URL(await owner.page.getByTestId("reset-link").inputValue()).pathname;
  expect(link).toMatch(/^\/reset\/[\w-]{20,}$/);
  await expectNoViolations(owner.page, "group page with a reset link");

  const handedOver = await newPerson(browser);
  await handedOver.page.goto(link);
  await expect(handedOver.page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await expect(handedOver.page.getByText(`For Fern Forgetful (@${member.username}). This link works once.`)).toBeVisible();
  await expectNoViolations(handedOver.page, "reset page");
  await handedOver.page.getByLabel("New password").fill("remembered this time");
  await handedOver.page.getByRole("button", { name: "Save the password" }).click();
  await expect(handedOver.page).toHaveURL(/\/sign-in/);

  await expectSignedOut(memberPage);
  await handedOver.page.goto(link);
  await expect(handedOver.page.getByRole("main").getByRole("alert")).toContainText("This link does not work");
  await signInFails(browser, member, member.password);
  await signIn(handedOver.page, { ...member, password: "remembered this time" });
  for (const page of [owner.page, memberPage, handedOver.page]) await page.context().close();
});

test("a member deletes their account: the password is asked, they leave the group and every device is signed out", async ({ browser }) => {
  const owner = await newPerson(browser);
  await signUp(owner.page, newAccount("delowner", "Dora Owner"));
  const setup = await createGroupWithSession(owner.page, `Leaving circle ${Date.now()}`);
  await owner.page.goto(setup.groupPath);
  const invite = await createInvite(owner.page);

  const leaver = newAccount("departing", "Dev Departing");
  const here = (await newPerson(browser)).page;
  await signUp(here, leaver);
  await joinByInvite(here, invite);
  const phone = await device(browser, leaver, firefoxOnAndroid);

  await here.goto("/account");
  await here.getByLabel("Your password, to confirm").fill("wrong password here");
  acceptNextDialog(here);
  await here.getByRole("button", { name: "Delete my account" }).click();
  await expect(here.getByRole("main").getByRole("alert")).toHaveText("That is not your current password.");

  await here.getByLabel("Your password, to confirm").fill(leaver.password);
  acceptNextDialog(here);
  await here.getByRole("button", { name: "Delete my account" }).click();
  await expect(here.getByRole("status")).toHaveText("Your account was deleted.");
  await expectSignedOut(phone);
  await signInFails(browser, leaver, leaver.password);
  await owner.page.goto(setup.groupPath);
  await expect(owner.page.getByTestId("member")).toHaveCount(1);
  for (const page of [owner.page, here, phone]) await page.context().close();
});
