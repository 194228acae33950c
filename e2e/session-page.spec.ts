import { expect, test, type Page } from "@playwright/test";
import { demo, newPerson, selectPassage, signIn } from "./support";

// The session page paints the article first and fetches the annotation layer after it: the
// HTML never carries the layer (so nobody's private note can be in another member's page), the
// layer arrives and is drawn, changes stay incremental, and zod runs jitless under the strict CSP.

const privateNote = "Ben keeps this margin note to himself";

/** Counts Content-Security-Policy violations on the page from its first script on. */
async function watchCsp(page: Page) {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener("securitypolicyviolation", (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

test("the layer follows the first paint, private notes never reach another member, and zod stays within the CSP", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  await watchCsp(ana.page);
  await watchCsp(ben.page);

  await signIn(ana.page, demo.ana);
  await ana.page.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.page.getByRole("link", { name: "Schedule a session" }).click();
  await ana.page.getByLabel("Session title").fill("Layer evening");
  await ana.page.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await ana.page.getByLabel("Date and time").fill("2030-02-03T19:00");
  await ana.page.getByRole("button", { name: "Schedule session" }).click();
  await expect(ana.page.getByTestId("connection")).toHaveText(/Connected/);
  const sessionPath = new URL(ana.page.url()).pathname;

  // Ben writes a private note and a shared comment.
  await signIn(ben.page, demo.ben, sessionPath);
  await expect(ben.page.getByTestId("connection")).toHaveText(/Connected/);
  await selectPassage(ben.page, "a small room beside the canteen held a few shelves of donated books");
  await ben.page.getByRole("button", { name: "Comment…" }).click();
  await ben.page.getByLabel("Your comment").fill(privateNote);
  await ben.page.getByLabel(/Private note/).check();
  await ben.page.getByRole("button", { name: "Save" }).click();
  await expect(ben.page.getByTestId("sync-banner")).toHaveCount(0);
  await selectPassage(ben.page, "Reading aloud was not a sign that people could not read");
  await ben.page.getByRole("button", { name: "Comment…" }).click();
  await ben.page.getByLabel("Your comment").fill("Shared with the whole group");
  await ben.page.getByRole("button", { name: "Save" }).click();
  await expect(ben.page.getByTestId("sync-banner")).toHaveCount(0);
  expect(await violations(ben.page)).toEqual([]);

  // Neither member's page HTML carries the layer; the layer itself carries only what each may see.
  for (const person of [ana, ben]) {
    const html = await (await person.page.request.get(sessionPath)).text();
    expect(html).toContain("beside the canteen");
    expect(html).not.toContain("Shared with the whole group");
    expect(html).not.toContain(privateNote);
  }
  const anasLayer = await (await ana.page.request.get(`${sessionPath}/layer`)).text();
  expect(anasLayer).toContain("Shared with the whole group");
  expect(anasLayer).not.toContain(privateNote);
  expect(await (await ben.page.request.get(`${sessionPath}/layer`)).text()).toContain(privateNote);
  const stranger = await browser.newContext();
  expect((await stranger.request.get(`${ben.page.url().split("/groups/")[0]}${sessionPath}/layer`)).status()).toBe(401);
  await stranger.close();

  // After a reload the layer arrives and is drawn: the cards, the counts in the margin and the highlights.
  await ana.page.reload();
  await ana.page.getByRole("tab", { name: /Annotations \(1\)/ }).click();
  await expect(ana.page.getByTestId("annotation-card")).toHaveCount(1);
  await expect(ana.page.getByTestId("annotation-card")).toContainText("Shared with the whole group");
  await expect(ana.page.locator(".rail-count")).toHaveCount(1);
  const drawn = () => ana.page.evaluate(() => [...CSS.highlights].filter(([name]) => name.startsWith("sc-kind-")).reduce((sum, [, highlight]) => sum + highlight.size, 0));
  await expect.poll(drawn).toBe(1);

  // One more annotation adds one highlight; deleting it takes that one away, and the other stays.
  await selectPassage(ana.page, "held a few shelves");
  await ana.page.getByRole("button", { name: /^Highlight as Question/ }).click();
  await expect.poll(drawn).toBe(2);
  await expect(ben.page.getByTestId("annotation-card")).toHaveCount(3);
  const anasCard = ana.page.getByTestId("annotation-card").filter({ hasText: "held a few shelves" });
  ana.page.once("dialog", (dialog) => void dialog.accept());
  await anasCard.getByRole("button", { name: "Delete" }).click();
  await expect.poll(drawn).toBe(1);
  await expect(ben.page.getByTestId("annotation-card")).toHaveCount(2);

  // The changes went through the lazily loaded, jitless zod: not one CSP violation anywhere.
  expect(await violations(ana.page)).toEqual([]);
  expect(await violations(ben.page)).toEqual([]);
  await ana.context.close();
  await ben.context.close();
});

test("a panel whose script the device never kept says so offline and appears when the connection is back", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser);
  await signIn(ana.page, demo.ana);
  await ana.page.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.page.getByRole("link", { name: "Schedule a session" }).click();
  await ana.page.getByLabel("Session title").fill("Offline panels");
  await ana.page.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await ana.page.getByLabel("Date and time").fill("2030-02-04T19:00");
  await ana.page.getByRole("button", { name: "Schedule session" }).click();
  await expect(ana.page.getByTestId("connection")).toHaveText(/Connected/);

  // Nothing kept on the device (as if the service worker never got to it), then the connection goes.
  await ana.page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    for (const name of await caches.keys()) await caches.delete(name);
  });
  // Routing also turns off the browser's HTTP cache, which could still hold the panel's script.
  await ana.page.route("**/_next/static/**", (route) => route.abort("internetdisconnected"));
  await ana.context.setOffline(true);
  await ana.page.getByRole("tab", { name: /^Thread/ }).click();
  const panel = ana.page.locator("#panel-thread");
  await expect(panel.getByTestId("part-unavailable")).toContainText("needs a connection");
  await expect(ana.page.getByRole("heading", { level: 1 })).toBeVisible();

  await ana.page.unroute("**/_next/static/**");
  await ana.context.setOffline(false);
  await expect(panel.getByTestId("part-unavailable")).toHaveCount(0);
  await expect(panel).toContainText("No messages yet");
  await ana.context.close();
});
