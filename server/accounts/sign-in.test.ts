import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "../../db/client";
import { createUser } from "../../db/users";
import { hashPassword } from "./password";
import { checkCredentials } from "./sign-in";

const password = "correct horse battery staple";
let passwordHash = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  passwordHash ||= await hashPassword(password);
  await createUser({ username: "ana", displayName: "Ana", email: "ana@example.org", passwordHash });
});

const failWith = (code: string) => expect.objectContaining({ code });

describe("checkCredentials", () => {
  it("signs in by username or e-mail, in any case, and never returns the hash", async () => {
    expect(await checkCredentials("ANA", password, "10.0.0.1")).toEqual(expect.objectContaining({ username: "ana" }));
    const user = await checkCredentials("Ana@Example.org", password, "10.0.0.1");
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("says the same for a wrong password and an unknown account", async () => {
    await expect(checkCredentials("ana", "wrong password here", "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    await expect(checkCredentials("nobody", password, "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
  });

  it("after five failures for one login, refuses even the right password for 15 minutes", async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(checkCredentials("ana", `wrong ${attempt}`, `10.0.0.${attempt}`)).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    const refusal = checkCredentials("ANA", password, "10.9.9.9");
    await expect(refusal).rejects.toThrow(failWith("RATE_LIMITED"));
    await expect(refusal).rejects.toMatchObject({ details: { minutes: 15 }, message: /Try again in 15 minutes/ });
    // Other accounts are not affected.
    await createUser({ username: "ben", displayName: "Ben", passwordHash });
    await expect(checkCredentials("ben", password, "10.9.9.9")).resolves.toMatchObject({ username: "ben" });
  });

  it("a successful sign-in clears the failures counted for that login", async () => {
    for (let attempt = 1; attempt <= 4; attempt++) await expect(checkCredentials("ana", "wrong", "10.0.0.1")).rejects.toThrow();
    await checkCredentials("ana", password, "10.0.0.1");
    for (let attempt = 1; attempt <= 4; attempt++) await expect(checkCredentials("ana", "wrong", "10.0.0.1")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
  });

  it("after thirty failures from one address, refuses that address whatever the login", async () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      await expect(checkCredentials(`guess${attempt}`, "wrong", "10.6.6.6")).rejects.toThrow(failWith("INVALID_CREDENTIALS"));
    }
    await expect(checkCredentials("ana", password, "10.6.6.6")).rejects.toThrow(failWith("RATE_LIMITED"));
    await expect(checkCredentials("ana", password, "10.0.0.2")).resolves.toMatchObject({ username: "ana" });
  }, 20_000);
});
