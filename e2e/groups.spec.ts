import { expect, test } from "@playwright/test";
import { acceptNextDialog, ask, cookieHeader, createGroupWithSession, createInvite, joinByInvite, newPerson, openE2eDatabase, openSocket, signedUpPerson, unique } from "./support";

/** Groups and roles: the owner manages members; invites have an expiry and a number of uses. */

test("the owner makes a member facilitator, then removes them; the removed member sees a 404 and their socket is refused", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "owner", "Olga Owner");
  const mia = await signedUpPerson(browser, "member", "Mia Member");
  const group = await createGroupWithSession(owner.page, `Roles ${Date.now()}`);
  await owner.page.goto(group.groupPath);
  const invite = await createInvite(owner.page);
  await joinByInvite(mia.page, invite);
  await expect(mia.page.getByText("You are: Member")).toBeVisible();
  await expect(mia.page.getByRole("link", { name: "Schedule a session" })).toHaveCount(0);
  await expect(mia.page.getByRole("button", { name: "Create invite link" })).toHaveCount(0);

  await owner.page.reload();
  const row = owner.page.getByTestId("member").filter({ hasText: "Mia Member" });
  await row.getByLabel("Role of Mia Member").selectOption("facilitator");
  await row.getByRole("button", { name: "Change" }).click();
  await expect(owner.page.getByTestId("member").filter({ hasText: "Mia Member" }).getByLabel("Role of Mia Member")).toHaveValue("facilitator");

  await mia.page.reload();
  await expect(mia.page.getByText("You are: Facilitator")).toBeVisible();
  await expect(mia.page.getByRole("link", { name: "Schedule a session" })).toBeVisible();
  await expect(mia.page.getByRole("button", { name: "Create invite link" })).toBeVisible();
  // A facilitator does not manage members.
  await expect(mia.page.getByRole("button", { name: "Remove" })).toHaveCount(0);

  // Mia is in the session room when she is removed.
  await mia.page.goto(group.sessionPath);
  await expect(mia.page.getByTestId("presence")).toContainText("Mia Member");
  const { socket } = await openSocket({ cookie: await cookieHeader(mia.context) });
  expect(await ask(socket, "session:join", { sessionId: group.sessionId })).toMatchObject({ ok: true });

  acceptNextDialog(owner.page);
  await owner.page.getByTestId("member").filter({ hasText: "Mia Member" }).getByRole("button", { name: "Remove" }).click();
  await expect(owner.page.getByTestId("member").filter({ hasText: "Mia Member" })).toHaveCount(0);
  await expect(owner.page.getByRole("heading", { name: "Members (1)" })).toBeVisible();

  // The removal reaches her live connections at once: the server closes them, and a new one is refused.
  await expect.poll(() => socket.connected).toBe(false);
  const { socket: again } = await openSocket({ cookie: await cookieHeader(mia.context) });
  expect(await ask(again, "session:join", { sessionId: group.sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  expect(await ask(again, "session:setStatus", { sessionId: group.sessionId, status: "live", clientOpId: "removed-op-1" })).toMatchObject({
    ok: false,
    error: { code: "NOT_FOUND" },
  });
  again.disconnect();
  expect((await mia.page.goto(group.groupPath))?.status()).toBe(404);
  expect((await mia.page.goto(group.sessionPath))?.status()).toBe(404);
  await mia.page.goto("/");
  await expect(mia.page.getByText("You are not in a group yet.")).toBeVisible();
  await owner.context.close();
  await mia.context.close();
});

test("the last owner cannot step down or leave; a member can leave", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "owner", "Olga Owner");
  const leaver = await signedUpPerson(browser, "leaver", "Leo Leaver");
  const name = `Leaving ${Date.now()}`;
  const group = await createGroupWithSession(owner.page, name);
  await owner.page.goto(group.groupPath);
  await joinByInvite(leaver.page, await createInvite(owner.page));

  await owner.page.reload();
  const self = owner.page.getByTestId("member").filter({ hasText: "Olga Owner" });
  await self.getByLabel("Role of Olga Owner").selectOption("member");
  await self.getByRole("button", { name: "Change" }).click();
  await expect(self.getByRole("alert")).toHaveText("A group needs at least one owner. Make someone else owner first.");
  acceptNextDialog(owner.page);
  await owner.page.getByRole("button", { name: "Leave group" }).click();
  await expect(owner.page.getByRole("region", { name: "Leave the group" }).getByRole("alert")).toHaveText("A group needs at least one owner. Make someone else owner first.");
  await owner.page.reload();
  await expect(owner.page.getByText("You are: Owner")).toBeVisible();

  await leaver.page.goto(group.groupPath);
  // Dismissing the question changes nothing.
  leaver.page.once("dialog", (dialog) => void dialog.dismiss());
  await leaver.page.getByRole("button", { name: "Leave group" }).click();
  await expect(leaver.page.getByRole("heading", { level: 1, name })).toBeVisible();
  acceptNextDialog(leaver.page);
  await leaver.page.getByRole("button", { name: "Leave group" }).click();
  await expect(leaver.page.getByRole("heading", { level: 1, name: "Hello, Leo Leaver" })).toBeVisible();
  await expect(leaver.page.getByRole("link", { name })).toHaveCount(0);
  expect((await leaver.page.goto(group.groupPath))?.status()).toBe(404);

  await owner.page.reload();
  await expect(owner.page.getByRole("heading", { name: "Members (1)" })).toBeVisible();
  await owner.context.close();
  await leaver.context.close();
});

test("an invite for one use admits the first person and refuses the second", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "owner", "Olga Owner");
  const group = await createGroupWithSession(owner.page, `One Seat ${Date.now()}`);
  await owner.page.goto(group.groupPath);
  const invite = await createInvite(owner.page, { maxUses: 1, role: "Facilitator" });

  const first = await signedUpPerson(browser, "first", "Fay First");
  await first.page.goto(invite);
  await expect(first.page.getByText("as a facilitator")).toBeVisible();
  await first.page.getByRole("button", { name: "Join the group" }).click();
  await expect(first.page.getByText("You are: Facilitator")).toBeVisible();

  const second = await signedUpPerson(browser, "second", "Sid Second");
  await second.page.goto(invite);
  await expect(second.page.getByRole("main").getByRole("alert")).toHaveText("This invite link has been used as often as it allows. Ask the group for a new one.");
  await expect(second.page.getByRole("button", { name: "Join the group" })).toHaveCount(0);
  expect((await second.page.goto(group.groupPath))?.status()).toBe(404);

  // The used-up link no longer shows among the group's active invites.
  await owner.page.reload();
  await expect(owner.page.getByText("used 1 of 1")).toHaveCount(0);
  await owner.context.close();
  await first.context.close();
  await second.context.close();
});

test("a page opened before the invite ran out refuses the late join, and an expired invite is refused", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "owner", "Olga Owner");
  const group = await createGroupWithSession(owner.page, `Expiring ${Date.now()}`);
  await owner.page.goto(group.groupPath);
  const invite = await createInvite(owner.page, { maxUses: 5, days: 1 });
  const token = invite.split("/").pop()!;

  const late = await signedUpPerson(browser, "late", "Lou Late");
  await late.page.goto(invite);
  await expect(late.page.getByRole("button", { name: "Join the group" })).toBeVisible();

  // The invite's day passes (the server's own database file, changed as a clock would change it).
  const database = openE2eDatabase();
  const changed = database.prepare("update invites set expires_at = ? where token = ?").run(Date.now() - 1000, token);
  database.close();
  expect(changed.changes).toBe(1);

  // The button on the page that was already open is refused by the server.
  await late.page.getByRole("button", { name: "Join the group" }).click();
  await expect(late.page.getByRole("main").getByRole("alert")).toHaveText("This invite link has expired. Ask the group for a new one.");
  expect((await late.page.goto(group.groupPath))?.status()).toBe(404);

  // Opened afresh, the link says so at once.
  const fresh = await signedUpPerson(browser, "fresh", "Fran Fresh");
  await fresh.page.goto(invite);
  await expect(fresh.page.getByRole("main").getByRole("alert")).toHaveText("This invite link has expired. Ask the group for a new one.");
  await expect(fresh.page.getByRole("button", { name: "Join the group" })).toHaveCount(0);

  // A withdrawn link is refused too.
  const withdrawn = await createInvite(owner.page);
  await owner.page.reload();
  // The expired link is no longer listed; the new one is the only active one.
  const item = owner.page.getByRole("listitem").filter({ has: owner.page.getByRole("button", { name: "Withdraw" }) });
  await expect(item.getByRole("textbox", { name: "Invite link" })).toHaveValue(new RegExp(`${withdrawn}$`));
  await item.getByRole("button", { name: "Withdraw" }).click();
  await expect(owner.page.getByText("No active invite links.")).toBeVisible();
  await fresh.page.goto(withdrawn);
  await expect(fresh.page.getByRole("main").getByRole("alert")).toHaveText("This invite link was withdrawn by the group.");

  // A made-up token is a 404.
  expect((await fresh.page.goto("/invite/not-a-real-token"))?.status()).toBe(404);
  await owner.context.close();
  await late.context.close();
  await fresh.context.close();
});

test("an invite link sends a visitor through sign-up and back to join", async ({ browser }) => {
  const owner = await signedUpPerson(browser, "owner", "Olga Owner");
  const name = `Welcome ${Date.now()}`;
  const group = await createGroupWithSession(owner.page, name);
  await owner.page.goto(group.groupPath);
  const invite = await createInvite(owner.page);
  const { context, page } = await browser.newContext({ locale: "en-US" }).then(async (ctx) => ({ context: ctx, page: await ctx.newPage() }));
  await page.goto(invite);
  await expect(page.getByRole("heading", { level: 1, name: `You are invited to ${name}` })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
  await page.getByRole("link", { name: "Create an account" }).last().click();
  await page.getByLabel("Username", { exact: true }).fill(`vis${Date.now().toString(36)}`);
  await page.getByLabel("Display name").fill("Vi Visitor");
  await page.getByLabel("Password", { exact: true }).fill("a long visitor passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Join the group" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${invite}$`));
  await page.getByRole("button", { name: "Join the group" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await owner.context.close();
  await context.close();
});

test("a form the server refuses says why in the reader's language and keeps what was typed", async ({ browser }) => {
  const { context, page } = await newPerson(browser, { locale: "es-ES" });
  await page.goto("/sign-up");
  await page.getByLabel("Nombre de usuario").fill(unique("forma"));
  await page.getByLabel("Nombre visible").fill("Fer Formularios");
  await page.getByLabel("Contraseña").fill("una contraseña bastante larga");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hola, Fer Formularios" })).toBeVisible();

  // The browser would stop a one-letter name first; take that check away to reach the server's.
  const name = page.getByLabel("Nombre del grupo");
  await name.evaluate((input) => input.removeAttribute("minlength"));
  await name.fill("R");
  await page.getByLabel("¿Qué lee el grupo? (opcional)").fill("Teoría");
  await page.getByRole("button", { name: "Crear grupo" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("«Nombre del grupo» necesita al menos 2 caracteres.");
  await expect(name).toHaveValue("R");
  await expect(page.getByLabel("¿Qué lee el grupo? (opcional)")).toHaveValue("Teoría");
  await context.close();
});
