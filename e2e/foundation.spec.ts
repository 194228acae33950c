import { expect, test } from "@playwright/test";
import { newPerson, signUp, unique } from "./support";

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
  await signUpOnCurrentPage(friend.page, friendAccount);
  await friend.page.getByRole("button", { name: "Join the group" }).click();
  await expect(friend.page.getByRole("heading", { level: 1, name: "Tuesday Theory" })).toBeVisible();

  await friend.page.goto(new URL(sessionUrl).pathname);
  await expect(friend.page.getByTestId("presence")).toContainText("Hana Host");
  await expect(host.page.getByTestId("presence")).toContainText("Farid Friend");

  await friend.page.close();
  await expect(host.page.getByTestId("presence")).not.toContainText("Farid Friend");
  await host.context.close();
  await friend.context.close();
});

async function signUpOnCurrentPage(page: import("@playwright/test").Page, account: { username: string; displayName: string; password: string }) {
  await page.getByLabel("Username", { exact: true }).fill(account.username);
  await page.getByLabel("Display name").fill(account.displayName);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}
