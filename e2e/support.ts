import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** The demo accounts seeded on first start. */
export const demo = {
  ana: { username: "ana", password: "circle-demo-pass", displayName: "Ana Torres" },
  ben: { username: "ben", password: "circle-demo-pass", displayName: "Ben Okafor" },
};

/** A unique suffix, so tests never collide on usernames or group names. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Signs in through the real form. */
export async function signIn(page: Page, account: { username: string; password: string }, callbackUrl = "/"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel(/username or e-mail/i).fill(account.username);
  await page.getByLabel(/^password$/i).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Creates an account through the real form and ends signed in. */
export async function signUp(page: Page, account: { username: string; displayName: string; password: string }): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Username", { exact: true }).fill(account.username);
  await page.getByLabel("Display name").fill(account.displayName);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** A fresh browser context (a separate person) in English. */
export async function newPerson(browser: Browser, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? "en-US" });
  return { context, page: await context.newPage() };
}

/** Selects a passage of the article by its words, as a reader would with the mouse, and waits for the annotation toolbar. */
export async function selectPassage(page: Page, exact: string): Promise<void> {
  await page.locator("[data-block-text]").first().waitFor();
  await page.evaluate((wanted) => {
    const nodes: Text[] = [];
    for (const element of document.querySelectorAll("[data-block-text]")) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    }
    const whole = nodes.map((node) => node.data).join("");
    const compact = wanted.replace(/\n\n/g, "");
    const start = whole.indexOf(compact);
    if (start < 0) throw new Error(`passage not found: ${wanted}`);
    const locate = (offset: number, isEnd: boolean) => {
      let remaining = offset;
      for (const node of nodes) {
        if (remaining < node.length || (isEnd && remaining === node.length)) return { node, offset: remaining };
        remaining -= node.length;
      }
      throw new Error("offset outside text");
    };
    const from = locate(start, false);
    const to = locate(start + compact.length, true);
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, exact);
  await expect(page.getByTestId("selection-toolbar")).toBeVisible();
}
