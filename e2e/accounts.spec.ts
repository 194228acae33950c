import { expect, test, type Page } from "@playwright/test";
import { demo, fillSignUp, newAccount, newPerson, signIn, signUp } from "./support";

/** Signing up, signing in and out, and the account's own settings. */

async function trySignIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Username or e-mail").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  const answered = page.waitForResponse((response) => response.url().includes("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

test("a wrong password gets a clear message and no session", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await page.goto("/sign-in");
  await trySignIn(page, demo.ben.username, "not bens password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  // What was typed stays, so only the password needs retyping.
  await expect(page.getByLabel("Username or e-mail")).toHaveValue(demo.ben.username);
  await trySignIn(page, "nobody-by-this-name", "whatever it is");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain("next-auth.session-token");
  await context.close();
});

test("repeated failed sign-ins for one account are slowed down with a clear message, even with the right password", async ({ browser }) => {
  const owner = await newPerson(browser);
  const account = newAccount("target", "Tara Target");
  await signUp(owner.page, account);
  await owner.context.close();

  const { context, page } = await newPerson(browser);
  await page.goto("/sign-in");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await trySignIn(page, account.username, `guess number ${attempt}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
  }
  await trySignIn(page, account.username.toUpperCase(), "guess number 6");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Try again in 15 minutes.");
  await trySignIn(page, account.username, account.password);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Too many attempts. Try again in 15 minutes.");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await context.close();
});

test("sign-up refuses a taken username (in any case) and a weak password, and creates nothing", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await page.goto("/sign-up");
  await fillSignUp(page, { username: "ANA", displayName: "Another Ana", password: "a perfectly good passphrase" });
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That username is taken. Try another one.");
  await expect(page.getByLabel("Display name")).toHaveValue("Another Ana");

  const account = newAccount("weak", "Wendy Weak");
  for (const password of ["password123", `${account.username}-2024`, "aaaaaaaaaaaa"]) {
    await fillSignUp(page, { ...account, password });
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Choose a stronger password");
  }
  // The browser itself refuses a password under 10 characters before it is sent.
  const passwordField = page.getByLabel("Password", { exact: true });
  await passwordField.fill("");
  await passwordField.pressSequentially("short");
  await page.getByRole("button", { name: "Create account" }).click();
  expect(await passwordField.evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  // Nothing was created: the username is still free.
  await signUp(page, account);
  await context.close();
});

test("signing out ends the session; signing in by e-mail works", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const account = newAccount("mailer", "Mae Mailer");
  await page.goto("/sign-up");
  await page.getByLabel("E-mail (optional)").fill(`${account.username}@Example.org`);
  await fillSignUp(page, account);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  await trySignIn(page, `${account.username}@example.org`, account.password);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await context.close();
});

test("a member changes display name and language; the interface switches to Spanish and stays Spanish", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  const account = newAccount("lang", "Lena Lang");
  await signUp(page, account);
  await page.getByRole("link", { name: "Account (Lena Lang)" }).click();
  await page.getByLabel("Display name").fill("Lena Lenguas");
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Save changes" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Tu cuenta" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Guardado.");
  await expect(page.getByRole("link", { name: "Cuenta (Lena Lenguas)" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");

  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Tu cuenta" })).toBeVisible();
  await expect(page.getByLabel("Nombre visible")).toHaveValue("Lena Lenguas");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Hola, Lena Lenguas" })).toBeVisible();

  // The choice belongs to the account: a new browser in English still gets Spanish after signing in.
  const elsewhere = await newPerson(browser, { locale: "en-GB" });
  await elsewhere.page.goto("/sign-in");
  await trySignIn(elsewhere.page, account.username, account.password);
  await expect(elsewhere.page.getByRole("button", { name: "Salir" })).toBeVisible();
  await expect(elsewhere.page.getByRole("heading", { level: 1, name: "Hola, Lena Lenguas" })).toBeVisible();
  await elsewhere.context.close();
  await context.close();
});

test("a browser in Spanish gets Spanish by default, and the new account keeps it", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { locale: "es-ES" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { level: 1, name: "Leer juntos. Pensar juntos." })).toBeVisible();
  await page.getByRole("link", { name: "Crear una cuenta" }).click();
  await expect(page.getByLabel("Idioma")).toHaveValue("es");
  const account = newAccount("esp", "Elena España");
  await page.getByLabel("Nombre de usuario").fill(account.username);
  await page.getByLabel("Nombre visible").fill(account.displayName);
  await page.getByLabel("Contraseña").fill(account.password);
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hola, Elena España" })).toBeVisible();
  await context.close();

  // Signed in from an English browser, the account's Spanish wins.
  const english = await newPerson(browser, { locale: "en-US" });
  await english.page.goto("/");
  await expect(english.page.getByRole("heading", { level: 1, name: "Read together. Think together." })).toBeVisible();
  await english.page.goto("/sign-in");
  await trySignIn(english.page, account.username, account.password);
  await expect(english.page.getByRole("heading", { level: 1, name: "Hola, Elena España" })).toBeVisible();
  await english.context.close();
});

test("the demo member can sign in and finds the demo group, its article and its planned session", async ({ browser }) => {
  const { context, page } = await newPerson(browser);
  await signIn(page, demo.ben);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sunday Readers" })).toBeVisible();
  await expect(page.getByRole("link", { name: "The Reading Room Down the Corridor" })).toBeVisible();
  // The demo plans two sessions: the reading-room one and the bilingual one.
  await expect(page.getByText("Planned")).toHaveCount(2);
  await page.getByRole("link", { name: "Reading rooms and us" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The Reading Room Down the Corridor" })).toBeVisible();
  await expect(page.getByTestId("presence")).toContainText("Ben Okafor");
  // A member sees no organiser controls.
  await expect(page.getByRole("button", { name: "Start the session" })).toHaveCount(0);
  await context.close();
});
