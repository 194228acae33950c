import { expect, test, type BrowserContext } from "@playwright/test";
import { ask, baseUrl, cookieHeader, createGroupWithSession, newPerson, openSocket, signedUpPerson } from "./support";

/** Server-side sign-in sessions: ending one stops its pages and its live connections at once. */

/** A new browser that carries only this cookie header (a copy of someone's session cookie). */
async function browserWithCookie(browser: Parameters<typeof newPerson>[0], header: string): Promise<BrowserContext> {
  const { context } = await newPerson(browser);
  const cookies = header.split("; ").map((pair) => {
    const [name = "", ...rest] = pair.split("=");
    return { name, value: rest.join("="), url: baseUrl, httpOnly: true, sameSite: "Lax" as const };
  });
  await context.addCookies(cookies);
  return context;
}

test("signing out ends the session on the server: a copied cookie loads no page and opens no socket, and open sockets close within a second", async ({ browser }) => {
  const member = await signedUpPerson(browser, "leaver", "Lea Leaver");
  const setup = await createGroupWithSession(member.page, `Sign-out circle ${Date.now()}`);
  const captured = await cookieHeader(member.context);

  // A live connection opened with the same cookie, as a second tab would.
  const { socket, error } = await openSocket({ cookie: captured });
  expect(error).toBeUndefined();
  expect(await ask(socket, "session:join", { sessionId: setup.sessionId })).toMatchObject({ ok: true });
  const closedAt = new Promise<number>((resolve) => socket.once("disconnect", () => resolve(Date.now())));

  await member.page.goto(setup.groupPath);
  const signedOut = member.page.waitForResponse((response) => response.url().includes("/api/auth/signout") && response.request().method() === "POST");
  await member.page.getByRole("button", { name: "Sign out" }).click();
  await signedOut;
  const answeredAt = Date.now();
  expect((await closedAt) - answeredAt).toBeLessThan(1000);

  // The copy of the cookie is worthless now: pages send it to sign in, the socket refuses it.
  const copy = await browserWithCookie(browser, captured);
  const page = await copy.newPage();
  await page.goto(setup.groupPath);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Faccount/);
  const again = await openSocket({ cookie: captured });
  expect(again.error?.data?.code).toBe("UNAUTHENTICATED");
  await copy.close();
  await member.context.close();
});
