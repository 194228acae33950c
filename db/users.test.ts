import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { countUsers, createUser, findUserById, findUserForSignIn, updateProfile } from "./users";

beforeEach(() => openFreshTestDatabase());

const account = (username: string, email: string | null = null) => ({ username, displayName: "Someone", email, passwordHash: "h" });

describe("createUser", () => {
  it("stores the username and e-mail in lower case, never returns the hash", () => {
    const user = createUser(account("Ana_T", "Ana@Example.org"));
    expect(user).toEqual({ id: user.id, username: "ana_t", displayName: "Someone", email: "ana@example.org", locale: null });
    expect(findUserById(user.id)).toEqual(user);
    expect(findUserById(user.id)).not.toHaveProperty("passwordHash");
  });

  it("refuses a username taken in any case, and adds nobody", () => {
    createUser(account("ana"));
    expect(() => createUser(account("ANA"))).toThrow(expect.objectContaining({ code: "USERNAME_TAKEN" }));
    expect(countUsers()).toBe(1);
  });

  it("refuses an e-mail address taken in any case", () => {
    createUser(account("ana", "ana@example.org"));
    expect(() => createUser(account("ben", "ANA@example.ORG"))).toThrow(expect.objectContaining({ code: "EMAIL_TAKEN" }));
    expect(countUsers()).toBe(1);
  });

  it("lets many accounts go without an e-mail address", () => {
    createUser(account("ana"));
    createUser(account("ben"));
    expect(countUsers()).toBe(2);
  });
});

describe("findUserForSignIn", () => {
  it("finds an account by username or e-mail, in any case and with spaces around, with its hash", () => {
    const user = createUser(account("ana", "ana@example.org"));
    expect(findUserForSignIn(" ANA ")).toMatchObject({ id: user.id, passwordHash: "h" });
    expect(findUserForSignIn("Ana@Example.org")).toMatchObject({ id: user.id });
    expect(findUserForSignIn("nobody")).toBeUndefined();
  });
});

describe("updateProfile", () => {
  it("changes the display name and language", () => {
    const user = createUser(account("ana"));
    updateProfile(user.id, { displayName: "Ana Torres", locale: "es" });
    expect(findUserById(user.id)).toMatchObject({ displayName: "Ana Torres", locale: "es" });
  });
});
