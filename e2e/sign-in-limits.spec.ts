import { expect, test, type Browser, type Page } from "@playwright/test";
import { OwnServer } from "./own-server";
import { e2eDataDir, e2ePort } from "./settings";
import { newAccount, signUp } from "./support";

/**
 * Sign-in limits that stop guessing without letting anyone lock others out. The server trusts
 * X-Forwarded-For here (TRUST_PROXY, as behind the README's nginx), so one test can speak from
 * several addresses.
 */

const server = new OwnServer(e2ePort + 30, `${e2eDataDir}-limits`, { TRUST_PROXY: "true" });

test.beforeAll(async () => {
  await server.startFresh();
});

test.afterAll(async () => {
  await server.stop();
});

/** A browser whose requests arrive from `address`, as the proxy would say. */
async function from(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: "en-US", extraHTTPHeaders: { "x-forwarded-for": address } });
  return context.newPage();
}

async function trySignIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Username or e-mail").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const answered = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

test("a flood of wrong passwords from one address stops that address, not the owner signing in from another", async ({ browser }) => {
  const owner = newAccount("floodowner", "Flora Owner");
  const signingUp = await from(browser, "198.51.100.10");
  await signUp(signingUp, owner);
  await signingUp.context().close();

  const attacker = await from(browser, "203.0.113.66");
  await attacker.goto("/sign-in");
  const answers: string[] = [];
  for (let guess = 1; guess <= 20; guess++) {
    await trySignIn(attacker, owner.username, `guess number ${guess}`);
    answers.push((await attacker.getByRole("main").getByRole("alert").textContent()) ?? "");
  }
  expect(answers.slice(0, 5)).toEqual(Array(5).fill("Wrong username or password."));
  expect(answers.slice(5)).toEqual(Array(15).fill("Too many attempts. Try again in 15 minutes."));
  // Even the right password is refused from the guessing address.
  await trySignIn(attacker, owner.username, owner.password);
  await expect(attacker.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Try again in 15 minutes.");

  // The owner, at home, signs in at once.
  const home = await from(browser, "198.51.100.20");
  await home.goto("/sign-in");
  const started = Date.now();
  await trySignIn(home, owner.username, owner.password);
  await expect(home.getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(Date.now() - started).toBeLessThan(5_000);

  // A second person behind the attacker's router (the same address) signs in to their own account.
  const neighbour = newAccount("floodneighbour", "Nia Neighbour");
  const neighbourSignUp = await from(browser, "198.51.100.30");
  await signUp(neighbourSignUp, neighbour);
  await neighbourSignUp.context().close();
  const sameRouter = await from(browser, "203.0.113.66");
  await sameRouter.goto("/sign-in");
  await trySignIn(sameRouter, neighbour.username, neighbour.password);
  await expect(sameRouter.getByRole("button", { name: "Sign out" })).toBeVisible();

  for (const page of [attacker, home, sameRouter]) await page.context().close();
});
