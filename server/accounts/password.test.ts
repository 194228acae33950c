import { describe, expect, it } from "vitest";
import { hashPassword, passwordWeakness, verifyPassword } from "./password";

describe("passwordWeakness", () => {
  it.each([
    ["an empty password", "", "tooShort"],
    ["nine characters", "abcdefghi", "tooShort"],
    ["201 characters", "ab1-".repeat(50) + "x", "tooLong"],
    ["a famous password", "password123", "tooCommon"],
    ["a famous password in capitals", "PASSWORD123", "tooCommon"],
    ["a famous Spanish password", "contraseña1", "tooCommon"],
    ["one containing the username", "my-ana-torres-pass", "tooCommon"],
    ["one with too few different characters", "aaaaabbbbbaaaaa", "tooCommon"],
  ])("refuses %s", (_name, password, reason) => {
    expect(passwordWeakness(password, "ana-torres")).toBe(reason);
  });

  it.each([
    ["ten mixed characters", "tr4in-rUns"],
    ["a passphrase", "correct horse battery staple"],
    ["200 characters", "ab1-".repeat(50)],
  ])("accepts %s", (_name, password) => {
    expect(passwordWeakness(password, "ana-torres")).toBeNull();
  });
});

describe("hashing", () => {
  it("stores an Argon2id hash, never the password, and verifies only the right one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapler")).toBe(false);
  });

  it("answers false, not an error, for an account that does not exist or a broken hash", async () => {
    expect(await verifyPassword(undefined, "anything at all")).toBe(false);
    expect(await verifyPassword("not a hash", "anything at all")).toBe(false);
  });
});
