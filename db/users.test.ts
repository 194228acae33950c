import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { countUsers, createUser, findUserById, findUserForSignIn, updateProfile } from "./users";

beforeEach(async () => await openFreshTestDatabase());

const account = (username: string, email: string | null = null) => ({ username, displayName: "Someone", email, passwordHash: "h" });

describe("createUser", () => {
  it("stores the username and e-mail in lower case, never returns the hash", async () => {
    const user = await createUser(account("Ana_T", "Ana@Example.org"));
    expect(user).toEqual({ id: user.id, username: "ana_t", displayName: "Someone", email: "ana@example.org", locale: null, kind: "account" });
    expect(await findUserById(user.id)).toEqual(user);
    expect(await findUserById(user.id)).not.toHaveProperty("passwordHash");
  });

  it("refuses a username taken in any case, and adds nobody", async () => {
    await createUser(account("ana"));
    await expect(createUser(account("ANA"))).rejects.toThrow(expect.objectContaining({ code: "USERNAME_TAKEN" }));
    expect(await countUsers()).toBe(1);
  });

  it("refuses an e-mail address taken in any case", async () => {
    await createUser(account("ana", "ana@example.org"));
    await expect(createUser(account("ben", "ANA@example.ORG"))).rejects.toThrow(expect.objectContaining({ code: "EMAIL_TAKEN" }));
    expect(await countUsers()).toBe(1);
  });

  it("lets many accounts go without an e-mail address", async () => {
    await createUser(account("ana"));
    await createUser(account("ben"));
    expect(await countUsers()).toBe(2);
  });
});

describe("findUserForSignIn", () => {
  it("finds an account by username or e-mail, in any case and with spaces around, with its hash", async () => {
    const user = await createUser(account("ana", "ana@example.org"));
    expect(await findUserForSignIn(" ANA ")).toMatchObject({ id: user.id, passwordHash: "h" });
    expect(await findUserForSignIn("Ana@Example.org")).toMatchObject({ id: user.id });
    expect(await findUserForSignIn("nobody")).toBeUndefined();
  });
});

describe("updateProfile", () => {
  it("changes the display name and language", async () => {
    const user = await createUser(account("ana"));
    await updateProfile(user.id, { displayName: "Ana Torres", locale: "es" });
    expect(await findUserById(user.id)).toMatchObject({ displayName: "Ana Torres", locale: "es" });
  });
});
