import { expect, test } from "@playwright/test";
import { acceptNextDialog, createGroupWithSession, createInvite, joinByInvite, keptOffline, signedUpPerson } from "./support";

// A removal takes effect at once: the removed member's open session page stops, says why, and
// their device forgets what it kept of the session.

test("a member removed from the group leaves the live session at once, and the device forgets it", async ({ browser }) => {
  test.setTimeout(180_000);
  const olga = await signedUpPerson(browser, "olga", "Olga Owner");
  const setup = await createGroupWithSession(olga.page, "Removal Readers");
  const milo = await signedUpPerson(browser, "milo", "Milo Member");
  await olga.page.goto(setup.groupPath);
  await joinByInvite(milo.page, await createInvite(olga.page));

  await milo.page.goto(setup.sessionPath);
  await expect(milo.page.getByTestId("connection")).toHaveText(/Connected/);
  await expect(milo.page.getByText("A meeting is a promise.")).toBeVisible();
  await expect.poll(() => keptOffline(milo.page, setup.sessionId, setup.sessionPath), { timeout: 15_000 }).toContain(setup.sessionPath);

  await olga.page.goto(setup.groupPath);
  acceptNextDialog(olga.page);
  await olga.page.getByRole("listitem").filter({ hasText: "Milo Member" }).getByRole("button", { name: "Remove" }).click();
  await expect(olga.page.getByRole("heading", { name: "Members (1)" })).toBeVisible();

  // Milo's open page says why, offers the way out, and his phone keeps nothing of the session.
  const refusal = milo.page.getByTestId("live-refusal");
  await expect(refusal).toHaveAttribute("data-code", "REMOVED_FROM_GROUP", { timeout: 5_000 });
  await expect(refusal.getByRole("link", { name: "Back to my groups" })).toBeVisible();
  await expect.poll(() => keptOffline(milo.page, setup.sessionId, setup.sessionPath), { timeout: 15_000 }).toEqual([]);
  expect((await milo.page.goto(setup.sessionPath))?.status()).toBe(404);
  await Promise.all([olga.context.close(), milo.context.close()]);
});

test("a facilitator demoted to member keeps on her device nothing of what only facilitators saw", async ({ browser }) => {
  test.setTimeout(180_000);
  const olga = await signedUpPerson(browser, "olga", "Olga Owner");
  const setup = await createGroupWithSession(olga.page, "Demotion Readers");
  const fay = await signedUpPerson(browser, "fay", "Fay Facilitator");
  await olga.page.goto(setup.groupPath);
  await joinByInvite(fay.page, await createInvite(olga.page, { role: "Facilitator" }));

  // Fay prepares a question that stays hidden from members until it is revealed.
  await fay.page.goto(setup.sessionPath);
  await fay.page.getByRole("link", { name: "Prepare questions" }).click();
  await fay.page.getByLabel("Question", { exact: true }).fill("What would we refuse to sign?");
  await fay.page.getByRole("button", { name: "Add to the agenda" }).click();
  await expect(fay.page.getByTestId("agenda-question")).toHaveCount(1);

  // Her connection drops once: her phone keeps the session as she saw it, hidden question and all.
  await fay.page.goto(setup.sessionPath);
  await expect(fay.page.getByTestId("connection")).toHaveText(/Connected/);
  await fay.context.setOffline(true);
  await expect
    .poll(() => keptOffline(fay.page, setup.sessionId, setup.sessionPath), { timeout: 15_000 })
    .toEqual(expect.arrayContaining([setup.sessionPath, expect.stringMatching(`^seen ${setup.sessionId}:`)]));
  await fay.context.setOffline(false);
  await expect(fay.page.getByTestId("connection")).toHaveText(/Connected/, { timeout: 15_000 });

  await olga.page.goto(setup.groupPath);
  const row = olga.page.getByTestId("member").filter({ hasText: "Fay Facilitator" });
  await row.getByLabel("Role of Fay Facilitator").selectOption("member");
  await row.getByRole("button", { name: "Change" }).click();
  await expect(olga.page.getByTestId("membership-change").first()).toContainText("Fay Facilitator was demoted");

  // Her open page goes on as a member's; what her device kept from before is gone.
  await expect.poll(() => keptOffline(fay.page, setup.sessionId, setup.sessionPath), { timeout: 15_000 }).toEqual([]);
  await expect(fay.page.getByTestId("connection")).toHaveText(/Connected/);
  await Promise.all([olga.context.close(), fay.context.close()]);
});
