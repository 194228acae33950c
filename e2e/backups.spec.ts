import { expect, test, type Browser, type Page } from "@playwright/test";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { OwnServer } from "./own-server";
import { e2eDataDir, e2ePort } from "./settings";
import { demo, expectNoViolations, newAccount, signIn, signUp } from "./support";

// Two instances of our own: the demo group's home (seeded), and an empty one it moves to.
const home = new OwnServer(e2ePort + 70, `${e2eDataDir}-backups-home`);
const fresh = new OwnServer(e2ePort + 71, `${e2eDataDir}-backups-fresh`);
const shots = "screenshots/backups";
const files = path.join(e2eDataDir + "-backups-files");

test.beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  mkdirSync(files, { recursive: true });
  await home.startFresh();
  // The spawned server copies this environment: the new instance starts without the demo.
  const seed = process.env.SEED_DEMO;
  process.env.SEED_DEMO = "false";
  try {
    await fresh.startFresh();
  } finally {
    if (seed === undefined) delete process.env.SEED_DEMO;
    else process.env.SEED_DEMO = seed;
  }
});

test.afterAll(async () => {
  await home.stop();
  await fresh.stop();
});

async function person(browser: Browser, server: OwnServer, options: { phone?: boolean } = {}) {
  const context = await browser.newContext({
    locale: "en-US",
    baseURL: server.url,
    acceptDownloads: true,
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  return { context, page: await context.newPage() };
}

/** The owner's backup of the demo group, downloaded through the archive's button. */
async function downloadBackup(page: Page): Promise<string> {
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download group backup" }).click();
  const file = path.join(files, `backup-${Date.now()}.json`);
  await (await downloading).saveAs(file);
  return file;
}

/** Chooses a file on the restore page and asks for its preview. */
async function checkFile(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel("Backup file (.json)").setInputFiles(file);
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("an owner downloads a backup, restores it as a new group on another instance, and a restored member signs in through their reset link", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await person(browser, home);
  await signIn(ana.page, demo.ana);
  const backup = await downloadBackup(ana.page);
  expect(JSON.parse(readFileSync(backup, "utf8"))).toMatchObject({ format: "study-circle/group-backup", formatVersion: 2, group: { name: "Sunday Readers" } });

  // Olga runs the new instance: she signs up there and restores the file from the groups page.
  const olga = await person(browser, fresh);
  const olgaAccount = newAccount("olga", "Olga Owner");
  await signUp(olga.page, olgaAccount);
  await olga.page.getByRole("link", { name: "Restore a group from a backup" }).click();
  await expect(olga.page.getByRole("heading", { level: 1, name: "Restore a group from a backup" })).toBeVisible();
  await checkFile(olga.page, backup);
  const preview = olga.page.getByRole("heading", { name: "2. What “Sunday Readers” holds" });
  await expect(preview).toBeFocused();
  await expect(olga.page.getByRole("row", { name: /Ben Okafor/ })).toContainText("A new account, @ben, with a reset link");
  await expect(olga.page.getByRole("row", { name: /Ana Torres/ })).toContainText("Owner");
  // The demo's bilingual article travels with its Spanish edition (and any edition an earlier spec added).
  await expect(olga.page.locator(".restore-counts > div", { hasText: "Editions in other languages" }).locator("dd")).toHaveText(/^[1-9]\d*$/);
  await expectNoViolations(olga.page, "the restore form");
  await olga.page.screenshot({ path: `${shots}/restore-preview-desktop.png`, fullPage: true });

  await olga.page.getByRole("button", { name: "Restore as a new group" }).click();
  await expect(olga.page.getByRole("heading", { name: "“Sunday Readers” is restored" })).toBeFocused();
  const benLink = await olga.page.getByLabel("Reset link for Ben Okafor").inputValue();
  expect(benLink).toMatch(new RegExp(`^${fresh.url}/reset/[A-Za-z0-9_-]{32}$`));
  // Ana, Ben, and the two members who took part in the demo's past meeting.
  await expect(olga.page.getByTestId("reset-link-row")).toHaveCount(4);
  await expectNoViolations(olga.page, "the restored group's archive");
  await olga.page.screenshot({ path: `${shots}/restore-done-desktop.png`, fullPage: true });

  // Ben opens the link Olga handed him, chooses a password and signs in with it.
  const ben = await person(browser, fresh);
  await ben.page.goto(benLink);
  await expect(ben.page.getByText("For Ben Okafor (@ben). This link works once.")).toBeVisible();
  await ben.page.getByLabel("New password").fill("a fresh reading-room passphrase");
  await ben.page.getByRole("button", { name: "Save the password" }).click();
  await expect(ben.page).toHaveURL(/\/sign-in/);
  await signIn(ben.page, { username: "ben", password: "a fresh reading-room passphrase" });
  await ben.page.getByRole("link", { name: "Sunday Readers" }).click();
  const review = ben.page.getByTestId("archive-row").first().getByRole("link");
  await review.click();
  await expect(ben.page.getByTestId("annotation-card")).toHaveCount(15);
  const reviewUrl = ben.page.url();
  // The restored thread is searchable (once the indexer has caught up, within a few seconds).
  await expect
    .poll(async () => {
      await ben.page.goto(`/search?q=${encodeURIComponent("organizacion")}`);
      return ben.page.locator('[data-testid="search-hit"][href*="focus=annotation"], [data-testid="search-hit"][href*="focus=message"]').count();
    })
    .toBeGreaterThan(0);
  // So is the Spanish edition's text, which only the edition has, said to be Spanish.
  await ben.page.goto(`/search?q=${encodeURIComponent("cuadrantes")}`);
  await expect(ben.page.getByTestId("search-hit").first().getByTestId("search-language")).toHaveText("ES");
  // The link worked once.
  await ben.page.goto(benLink);
  await expect(ben.page.locator(".alert-error")).toContainText("This link does not work");

  // The restored group is Olga's: its membership log and its privacy settings are hers to see.
  await olga.page.getByRole("link", { name: "Open the group" }).click();
  await expect(olga.page.getByText("You are: Owner")).toBeVisible();
  const log = olga.page.getByTestId("membership-log");
  await expect(log.getByTestId("membership-change").first()).toBeVisible();
  await olga.page.getByLabel("Keep each session's discussion for").selectOption({ label: "1 day after it ends" });
  await olga.page.getByTestId("retention").getByRole("button", { name: "Save" }).click();
  await expect(olga.page.getByTestId("retention").getByRole("status")).toHaveText("Saved.");
  await olga.page.reload();
  await expect(olga.page.getByTestId("retention-notices")).toContainText(/Discussion of 1 session removed on .* under the group's 1-day retention\./);
  await expectNoViolations(olga.page, "the restored group's privacy settings");
  await olga.page.screenshot({ path: `${shots}/group-privacy-desktop.png`, fullPage: true });

  // What was removed is gone for everyone: the review says so, and search finds none of it.
  await ben.page.goto(reviewUrl);
  await expect(ben.page.getByTestId("discussion-removed")).toBeVisible();
  await expect(ben.page.getByTestId("annotation-card")).toHaveCount(0);
  await ben.page.goto(`/search?q=${encodeURIComponent("organizacion")}`);
  await expect(ben.page.getByTestId("search-summary")).toBeVisible();
  // Only the article's own text may still match; nothing anyone said.
  for (const hit of await ben.page.getByTestId("search-hit").all()) expect(await hit.getAttribute("href")).not.toMatch(/annotation|message|reply|answer/);

  // The same pages on a phone.
  const phone = await person(browser, fresh, { phone: true });
  await signIn(phone.page, olgaAccount);
  await phone.page.goto(new URL(olga.page.url()).pathname);
  await phone.page.getByTestId("retention").scrollIntoViewIfNeeded();
  await phone.page.screenshot({ path: `${shots}/group-privacy-phone.png`, fullPage: true });
  await phone.page.goto("/groups/restore");
  await checkFile(phone.page, backup);
  await expect(phone.page.getByRole("heading", { name: "2. What “Sunday Readers” holds" })).toBeVisible();
  await phone.page.screenshot({ path: `${shots}/restore-preview-phone.png`, fullPage: true });
  for (const each of [ana, olga, ben, phone]) await each.context.close();
});

test("the owner's membership log records joins, role changes and removals, in Spanish too", async ({ browser }) => {
  const ana = await person(browser, home);
  await signIn(ana.page, demo.ana);
  await ana.page.getByRole("link", { name: "Sunday Readers" }).click();
  const row = ana.page.getByTestId("member").filter({ hasText: "Ben Okafor" });
  await row.getByLabel("Role of Ben Okafor").selectOption("facilitator");
  await row.getByRole("button", { name: "Change" }).click();
  await expect(ana.page.getByTestId("membership-change").first()).toContainText("Ben Okafor was promoted from Member to Facilitator by Ana Torres");
  await row.getByLabel("Role of Ben Okafor").selectOption("member");
  await row.getByRole("button", { name: "Change" }).click();
  await expect(ana.page.getByTestId("membership-change").first()).toContainText("Ben Okafor was demoted from Facilitator to Member by Ana Torres");
  await ana.page.getByTestId("membership-log").scrollIntoViewIfNeeded();
  await ana.page.screenshot({ path: `${shots}/membership-log-desktop.png`, fullPage: true });

  const es = await browser.newContext({ locale: "es-ES", baseURL: home.url, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await es.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Usuario o correo").fill(demo.ana.username);
  await page.getByLabel("Contraseña").fill(demo.ana.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await expect(page.getByRole("heading", { name: "Registro de miembros" })).toBeVisible();
  await expect(page.getByTestId("membership-change").first()).toContainText("Ana Torres cambió a Ben Okafor de Facilitador/a a Miembro");
  await page.getByTestId("membership-log").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/membership-log-phone-es.png`, fullPage: true });
  await ana.context.close();
  await es.close();
});

test("restoring on the web refuses a wrong, corrupt or tampered file with a clear message, and restores beside the original with everyone linked", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await person(browser, home);
  await signIn(ana.page, demo.ana);
  const backup = await downloadBackup(ana.page);
  await ana.page.goto("/groups/restore");

  await checkFile(ana.page, { name: "notes.json", mimeType: "application/json", buffer: Buffer.from("{ this is not json") });
  await expect(ana.page.locator(".alert-error")).toContainText("This file is not a backup: it is not valid JSON");
  await checkFile(ana.page, { name: "other.json", mimeType: "application/json", buffer: Buffer.from('{"hello":"world"}') });
  await expect(ana.page.locator(".alert-error")).toContainText("This file is not a Study Circle group backup.");
  const tampered = readFileSync(backup, "utf8").replace('"name":"Sunday Readers"', '"name":"Sunday Raiders"');
  await checkFile(ana.page, { name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(tampered) });
  await expect(ana.page.locator(".alert-error")).toContainText("This backup was changed after it was made");
  await ana.page.screenshot({ path: `${shots}/restore-refused-desktop.png`, fullPage: true });

  // The file this instance made and sealed: its people are the accounts they name here.
  await checkFile(ana.page, backup);
  await expect(ana.page.getByRole("row", { name: /Ana Torres/ })).toContainText("You");
  await expect(ana.page.getByRole("row", { name: /Ben Okafor/ })).toContainText("Their account here, @ben");
  await ana.page.getByRole("button", { name: "Restore as a new group" }).click();
  await expect(ana.page.getByText("Everyone in the backup already has an account here")).toBeVisible();
  await ana.page.getByRole("link", { name: "Open the group" }).click();
  await ana.page.waitForURL((url) => /^\/groups\/[^/]+$/.test(url.pathname) && url.pathname !== "/groups/restore");
  const restoredPath = new URL(ana.page.url()).pathname;
  await ana.page.goto("/");
  await expect(ana.page.getByRole("link", { name: "Sunday Readers" })).toHaveCount(2);

  const ben = await person(browser, home);
  await signIn(ben.page, demo.ben);
  await ben.page.goto(restoredPath);
  await expect(ben.page.getByRole("heading", { level: 1, name: "Sunday Readers" })).toBeVisible();
  await expect(ben.page.getByText("You are: Member")).toBeVisible();
  // Members do not see the owner's privacy settings or log.
  await expect(ben.page.getByTestId("membership-log")).toHaveCount(0);
  await expect(ben.page.getByTestId("retention")).toHaveCount(0);
  await ana.context.close();
  await ben.context.close();
});
