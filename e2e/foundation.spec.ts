import { expect, test } from "@playwright/test";
import { createGroupWithSession, createInvite, fillSignUp, joinByInvite, newPerson, signedUpPerson, signUp, unique } from "./support";

test("two people meet in a study session: sign up, group, invite, article, session, presence", async ({ browser }) => {
  const host = await newPerson(browser);
  const friend = await newPerson(browser);
  const hostAccount = { username: unique("host"), displayName: "Hana Host", password: "a long host passphrase" };
  const friendAccount = { username: unique("friend"), displayName: "Farid Friend", password: "a long friend passphrase" };

  await signUp(host.page, hostAccount);
  await host.page.getByLabel("Group name").fill("Tuesday Theory");
  await host.page.getByRole("button", { name: "Create group" }).click();
  await expect(host.page.getByRole("heading", { level: 1, name: "Tuesday Theory" })).toBeVisible();

  await host.page.getByRole("button", { name: "Create invite link" }).click();
  await expect(host.page.getByTestId("invite-link").first()).toHaveValue(/^http.*\/invite\//);
  const inviteUrl = await host.page.getByTestId("invite-link").first().inputValue();
  expect(inviteUrl).toContain("/invite/");

  await host.page.getByRole("link", { name: "Add an article" }).click();
  await host.page.getByLabel("Text", { exact: true }).fill("## Why meet\n\nA meeting is a promise.\n\n> Quote me on that.\n\n- one\n- two");
  await host.page.getByRole("button", { name: "Preview" }).click();
  await host.page.getByLabel("Title", { exact: true }).fill("On Meetings");
  await host.page.getByRole("button", { name: "Add article" }).click();
  await expect(host.page.getByText("A meeting is a promise.")).toBeVisible();

  await host.page.getByRole("link", { name: /Tuesday Theory/ }).click();
  await host.page.getByRole("link", { name: "Schedule a session" }).click();
  await host.page.getByLabel("Session title").fill("First meeting");
  await host.page.getByLabel("Date and time").fill("2030-05-05T19:00");
  await host.page.getByRole("button", { name: "Schedule session" }).click();
  await expect(host.page.getByTestId("presence")).toContainText("Hana Host");
  const sessionUrl = host.page.url();

  await friend.page.goto(new URL(inviteUrl).pathname);
  await friend.page.getByRole("link", { name: "Create an account" }).click();
  await fillSignUp(friend.page, friendAccount);
  await friend.page.getByRole("button", { name: "Join the group" }).click();
  await expect(friend.page.getByRole("heading", { level: 1, name: "Tuesday Theory" })).toBeVisible();

  await friend.page.goto(new URL(sessionUrl).pathname);
  await expect(friend.page.getByTestId("presence")).toContainText("Hana Host");
  await expect(host.page.getByTestId("presence")).toContainText("Farid Friend");
  await expect(host.page.getByRole("heading", { name: "Here now (2)" })).toBeVisible();
  await expect(friend.page.getByRole("heading", { level: 1, name: "On Meetings" })).toBeVisible();
  await expect(friend.page.getByText("A meeting is a promise.")).toBeVisible();

  await friend.page.close();
  await expect(host.page.getByTestId("presence")).not.toContainText("Farid Friend");
  await expect(host.page.getByRole("heading", { name: "Here now (1)" })).toBeVisible();
  await host.context.close();
  await friend.context.close();
});

test("one person with two tabs counts once, and stays present until the last tab closes", async ({ browser }) => {
  const host = await signedUpPerson(browser, "tabs", "Tess Tabs");
  const group = await createGroupWithSession(host.page, `Two Tabs ${Date.now()}`);
  await host.page.goto(group.groupPath);
  const guest = await signedUpPerson(browser, "guest", "Gus Guest");
  await joinByInvite(guest.page, await createInvite(host.page));

  await guest.page.goto(group.sessionPath);
  const firstTab = await host.context.newPage();
  await firstTab.goto(group.sessionPath);
  const secondTab = await host.context.newPage();
  await secondTab.goto(group.sessionPath);
  await host.page.close();

  const presence = guest.page.getByTestId("presence");
  await expect(presence.getByRole("listitem")).toHaveCount(2);
  await expect(presence.getByText("Tess Tabs")).toHaveCount(1);
  await expect(guest.page.getByRole("heading", { name: "Here now (2)" })).toBeVisible();
  await expect(secondTab.getByRole("heading", { name: "Here now (2)" })).toBeVisible();

  await firstTab.close();
  await guest.page.waitForTimeout(1000);
  await expect(presence.getByText("Tess Tabs")).toHaveCount(1);
  await expect(guest.page.getByRole("heading", { name: "Here now (2)" })).toBeVisible();

  await secondTab.close();
  await expect(presence.getByText("Tess Tabs")).toHaveCount(0);
  await expect(guest.page.getByRole("heading", { name: "Here now (1)" })).toBeVisible();
  await host.context.close();
  await guest.context.close();
});

test("a facilitator starts and ends the session; everyone sees the status change live", async ({ browser }) => {
  const host = await signedUpPerson(browser, "chair", "Chen Chair");
  host.page.on("dialog", (dialog) => void dialog.accept());
  const group = await createGroupWithSession(host.page, `Status ${Date.now()}`);
  await host.page.goto(group.groupPath);
  const guest = await signedUpPerson(browser, "guest", "Gus Guest");
  await joinByInvite(guest.page, await createInvite(host.page));
  await guest.page.goto(group.sessionPath);
  await host.page.goto(group.sessionPath);
  await expect(guest.page.getByTestId("session-status")).toHaveText("Planned");
  await expect(guest.page.getByRole("button", { name: "Start the session" })).toHaveCount(0);

  await host.page.getByRole("button", { name: "Start the session" }).click();
  await expect(guest.page.getByTestId("session-status")).toHaveText("Live now");
  await host.page.getByRole("button", { name: "End the session" }).click();
  await expect(guest.page.getByTestId("session-status")).toHaveText("Ended");
  await expect(host.page.getByRole("button", { name: /session/ })).toHaveCount(0);
  // An ended session moves from the sessions list to the group's archive.
  await guest.page.goto(group.groupPath);
  await expect(guest.page.getByTestId("archive-row")).toHaveCount(1);
  await host.context.close();
  await guest.context.close();
});
