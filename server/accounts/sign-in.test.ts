import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "../../db/client";
import { SIGN_IN_LIMITS } from "../../db/sign-in-limits";
import { createUser } from "../../db/users";
import { hashPassword } from "./password";
import { checkCredentials, MAX_SLOWDOWN_MS, slowdownMs } from "./sign-in";

const password = "correct horse battery staple";
let passwordHash = "";
let waits: number[] = [];
const wait = async (ms: number) => void waits.push(ms);
const attempt = (login: string, tried: string, address: string) => checkCredentials(login, tried, address, wait);

beforeEach(async () => {
  await openFreshTestDatabase();
  waits = [];
  passwordHash ||= await hashPassword(password);
  await createUser({ username: "ana", displayName: "Ana", email: "ana@example.org", passwordHash });
});

const failWith = (code: string) => expect.objectContaining({ code });

describe("slowdownMs", () => {
  it("never holds back an address that has not failed for the username, however many failed elsewhere", () => {
    expect(slowdownMs(0, 0)).toBe(0);
    expect(slowdownMs(10_000, 0)).toBe(0);
  });

  it("holds back addresses that keep failing, only once the username is under attack, up to a bound", () => {
    expect(slowdownMs(SIGN_IN_LIMITS.loginUnderAttack - 1, 3)).toBe(0);
    expect([1, 2, 3, 4].map((failures) => slowdownMs(SIGN_IN_LIMITS.loginUnderAttack, failures))).toEqual([500, 1000, 2000, 4000]);
    expect(slowdownMs(1000, 50)).toBe(MAX_SLOWDOWN_MS);
  });
});

describe("checkCredentials", () => {
  it("signs in by username or e-mail, in any case, and never returns the hash", async () => {
    expect(await attempt("ANA", password, "10.0.0.1")).toEqual(expect.objectContaining({ username: "ana" }));
    const user = await attempt("Ana@Example.org", password, "10.0.0.1");
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("says the same for a wrong password and an unknown account", async () => {
    await expect(attempt("ana", "wrong password here", "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    await expect(attempt("nobody", password, "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
  });

  it("after five failures for one login from one address, refuses that address even the right password for 15 minutes, and nobody else", async () => {
    for (let failure = 1; failure <= 5; failure++) {
      await expect(attempt("ana", `wrong ${failure}`, "10.6.6.6")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    const refusal = attempt("ANA", password, "10.6.6.6");
    await expect(refusal).rejects.toThrow(failWith("RATE_LIMITED"));
    await expect(refusal).rejects.toMatchObject({ details: { minutes: 15 }, message: /Try again in 15 minutes/ });
    // The owner, elsewhere, signs in; the guessing address may still sign in to other accounts.
    await expect(attempt("ana", password, "10.0.0.2")).resolves.toMatchObject({ username: "ana" });
    await createUser({ username: "ben", displayName: "Ben", passwordHash });
    await expect(attempt("ben", password, "10.6.6.6")).resolves.toMatchObject({ username: "ben" });
  });

  it("a flood of wrong passwords from many addresses never locks the owner out of an address that has not failed, nor slows them", async () => {
    for (let failure = 1; failure <= 40; failure++) {
      await expect(attempt("ana", `wrong ${failure}`, `10.1.${failure}.1`)).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    waits = [];
    await expect(attempt("ana", password, "192.168.1.20")).resolves.toMatchObject({ username: "ana" });
    expect(waits).toEqual([]);
  }, 30_000);

  it("once a username is under attack, an address that keeps failing for it is held back longer each time", async () => {
    for (let failure = 1; failure <= SIGN_IN_LIMITS.loginUnderAttack; failure++) await expect(attempt("ana", "wrong", `10.2.${failure}.1`)).rejects.toThrow();
    waits = [];
    for (let failure = 1; failure <= 3; failure++) await expect(attempt("ana", "wrong", "10.3.3.3")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    expect(waits).toEqual([500, 1000]);
  }, 30_000);

  it("a successful sign-in clears the failures counted for that login at that address", async () => {
    for (let failure = 1; failure <= 4; failure++) await expect(attempt("ana", "wrong", "10.0.0.1")).rejects.toThrow();
    await attempt("ana", password, "10.0.0.1");
    for (let failure = 1; failure <= 4; failure++) await expect(attempt("ana", "wrong", "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
  });

  it("thirty people behind one router who each mistype twice all still sign in", async () => {
    for (let person = 1; person <= 30; person++) await createUser({ username: `phone${person}`, displayName: `Phone ${person}`, passwordHash });
    for (let person = 1; person <= 30; person++) {
      await expect(attempt(`phone${person}`, "typo one", "203.0.113.9")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
      await expect(attempt(`phone${person}`, "typo two", "203.0.113.9")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    for (let person = 1; person <= 30; person++) await expect(attempt(`phone${person}`, password, "203.0.113.9")).resolves.toMatchObject({ username: `phone${person}` });
  }, 120_000);

  it(`after ${SIGN_IN_LIMITS.perAddress} failures from one address, refuses that address whatever the login`, async () => {
    for (let failure = 1; failure <= SIGN_IN_LIMITS.perAddress; failure++) {
      await expect(attempt(`guess${failure}`, "wrong", "10.6.6.6")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    await expect(attempt("ana", password, "10.6.6.6")).rejects.toThrow(failWith("RATE_LIMITED"));
    await expect(attempt("ana", password, "10.0.0.2")).resolves.toMatchObject({ username: "ana" });
  }, 120_000);
});
