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
