import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { PROTOCOL_VERSION } from "../lib/protocol-constants";
import { e2ePort } from "./settings";
import { ask, baseUrl, cookieHeader, createGroupWithSession, expectHealthy, newPerson, openSocket, signedUpPerson, type GroupSetup } from "./support";

/** Who may see what: pages and sockets check membership on the server; outsiders get a real 404. */

let setup: GroupSetup;
let groupName = "";

test.beforeAll(async ({ browser }) => {
  const host = await signedUpPerson(browser, "owner", "Olga Owner");
  groupName = `Closed Circle ${Date.now()}`;
  setup = await createGroupWithSession(host.page, groupName);
  await host.context.close();
});

test("a signed-in non-member gets a real 404 page for the group, its pages and its session, and no data", async ({ browser }) => {
  const outsider = await signedUpPerson(browser, "outsider", "Oscar Outsider");
  const pages = [setup.groupPath, setup.sessionPath, `${setup.groupPath}/sessions/new`, `${setup.groupPath}/articles/new`, `${setup.groupPath}/articles/${setup.articleId}`];
  for (const path of pages) {
    const response = await outsider.page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(outsider.page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    const html = await outsider.page.content();
    expect(html, path).not.toContain(groupName);
    expect(html, path).not.toContain("A meeting is a promise");
    expect(html, path).not.toContain("First meeting");
  }
  // The group's and the session's 404 pages say so in their title, too.
  for (const path of [setup.groupPath, setup.sessionPath, `${setup.groupPath}/sessions/new`]) {
    await outsider.page.goto(path);
    await expect(outsider.page, path).toHaveTitle("Page not found · Study Circle");
  }
  // A made-up session inside a real group is a 404 even for the group's members' URLs.
  expect((await outsider.page.goto(`${setup.groupPath}/sessions/00000000-0000-0000-0000-000000000000`))?.status()).toBe(404);
  await outsider.context.close();
});

test("a non-member's socket may not join the session: NOT_FOUND, and no presence leaks", async ({ browser }) => {
  const outsider = await signedUpPerson(browser, "outsider", "Oscar Outsider");
  const { socket, error } = await openSocket({ cookie: await cookieHeader(outsider.context) });
  expect(error).toBeUndefined();
  let presenceSeen = false;
  socket.on("presence", () => (presenceSeen = true));
  const reply = await ask(socket, "session:join", { sessionId: setup.sessionId });
  expect(reply).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  expect(reply.error?.message).toMatch(/not a member/);
  expect(await ask(socket, "session:setStatus", { sessionId: setup.sessionId, status: "live", clientOpId: "outsider-op-1" })).toMatchObject({
    ok: false,
    error: { code: "NOT_FOUND" },
  });
  expect(presenceSeen).toBe(false);
  expect(socket.connected).toBe(true);
  socket.disconnect();
  await outsider.context.close();
});

test("a forged session cookie counts as signed out, for pages and for the socket", async ({ browser }) => {
  const member = await signedUpPerson(browser, "forger", "Fiona Forger");
  const real = (await member.context.cookies(baseUrl)).find((cookie) => cookie.name === "next-auth.session-token");
  expect(real).toBeDefined();
  const forgeries = ["eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged", `${real!.value.slice(0, -4)}AAAA`];
  for (const value of forgeries) {
    const visitor = await newPerson(browser);
    await visitor.context.addCookies([{ name: "next-auth.session-token", value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
    await visitor.page.goto("/");
    await expect(visitor.page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
    await expect(visitor.page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await visitor.page.goto(setup.groupPath);
    await expect(visitor.page).toHaveURL(/\/sign-in\?callbackUrl=/);
    const { socket, error } = await openSocket({ cookie: await cookieHeader(visitor.context) });
    expect(error?.data?.code).toBe("UNAUTHENTICATED");
    expect(socket.connected).toBe(false);
    await visitor.context.close();
  }
  await member.context.close();
});

test("the session cookie is HttpOnly and SameSite", async ({ browser }) => {
  const member = await signedUpPerson(browser, "cookie", "Cora Cookie");
  const session = (await member.context.cookies(baseUrl)).find((cookie) => cookie.name === "next-auth.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(await member.page.evaluate(() => document.cookie)).not.toContain("next-auth.session-token");
  await member.context.close();
});

test.describe("a page on another origin", () => {
  let foreign: Server;
  const foreignPort = e2ePort + 7;
  // Same host, other port: the browser sends the app's cookies along (same site), so only the Origin check stands in the way.
  const probe = `
    window.probe = new Promise((resolve) => {
      const ws = new WebSocket("ws://localhost:${e2ePort}/socket.io/?EIO=4&transport=websocket");
      const seen = [];
      ws.onmessage = (event) => { seen.push(String(event.data)); if (String(event.data).startsWith("0")) ws.send('40{"protocolVersion":${PROTOCOL_VERSION}}'); if (String(event.data).startsWith("40") || String(event.data).startsWith("44")) { ws.close(); resolve({ opened: true, seen }); } };
      ws.onerror = () => resolve({ opened: false, seen });
      setTimeout(() => resolve({ opened: false, seen, timeout: true }), 8000);
    });`;

  test.beforeAll(async () => {
    foreign = createServer((_request, response) => {
      response.setHeader("content-type", "text/html");
      response.end(`<!doctype html><title>Elsewhere</title><script>${probe}</script>`);
    });
    await new Promise<void>((resolve) => foreign.listen(foreignPort, "127.0.0.1", resolve));
  });
  test.afterAll(() => new Promise<void>((resolve) => foreign.close(() => resolve())));

  test("cannot open a socket to the app, even with the member's cookies; the app's own page can", async ({ browser }) => {
    const member = await signedUpPerson(browser, "origin", "Omar Origin");
    await member.page.goto(`http://localhost:${foreignPort}/`);
    const fromForeign = await member.page.evaluate(() => (window as unknown as { probe: Promise<{ opened: boolean; seen: string[] }> }).probe);
    expect(fromForeign.opened).toBe(false);
    expect(fromForeign.seen).toEqual([]);

    await member.page.goto("/");
    const fromOwn = await member.page.evaluate(`(async () => { ${probe}; return window.probe; })()`);
    expect(fromOwn).toMatchObject({ opened: true, seen: [expect.stringMatching(/^0/), expect.stringMatching(/^40/)] });
    await member.context.close();
  });

  test("a socket that says it comes from another site is refused", async ({ browser }) => {
    const member = await signedUpPerson(browser, "origin", "Omar Origin");
    const { socket, error } = await openSocket({ cookie: await cookieHeader(member.context), origin: "https://evil.example" });
    expect(error).toBeDefined();
    expect(socket.connected).toBe(false);
    const polling = await member.page.request.get("/socket.io/?EIO=4&transport=polling", { headers: { origin: "https://evil.example" } });
    expect(polling.status()).toBe(403);
    expect(await polling.json()).toMatchObject({ message: "FORBIDDEN_ORIGIN" });
    await member.context.close();
  });
});

test("malformed and oversized socket messages are refused; the server stays up for everyone", async ({ browser }) => {
  const host = await signedUpPerson(browser, "steady", "Stella Steady");
  const own = await createGroupWithSession(host.page, `Steady ${Date.now()}`);
  await expect(host.page.getByTestId("presence")).toContainText("Stella Steady");
  const { socket } = await openSocket({ cookie: await cookieHeader(host.context) });
  for (const payload of [undefined, "join please", { sessionId: 42 }, { sessionId: own.sessionId, extra: true }, { sessionId: "../../etc" }]) {
    expect(await ask(socket, "session:join", payload)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
  }
  expect(await ask(socket, "session:setStatus", { sessionId: own.sessionId, status: "paused", clientOpId: "op-12345678" })).toMatchObject({
    ok: false,
    error: { code: "BAD_REQUEST" },
  });
  expect(await ask(socket, "session:join", { sessionId: own.sessionId })).toMatchObject({ ok: true });

  const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
  socket.emit("session:join", { sessionId: "x".repeat(200_000) }, () => undefined);
  expect(await closed).toMatch(/transport/);

  await expectHealthy(host.page);
  // The page's own live connection was never disturbed.
  await expect(host.page.getByRole("status").filter({ hasText: "Connected" })).toBeVisible();
  await host.page.reload();
  await expect(host.page.getByTestId("presence")).toContainText("Stella Steady");
  await host.context.close();
});
