import { beforeEach, describe, expect, it } from "vitest";
import { createAuthSession, listAuthSessions } from "./auth-sessions";
import { db, openFreshTestDatabase } from "./client";
import { createPasswordResetLink, findPasswordReset, redeemPasswordReset } from "./password-resets";
import { passwordResets, users } from "./schema";
import { person } from "./test-people";
import { eq } from "drizzle-orm";

let ana = "";
let owner = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  ana = await person("ana");
  owner = await person("olga");
});

const hashOf = async (userId: string) => (await db().select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)))[0]?.hash;

describe("password reset links", () => {
  it("a link names its account, sets the password once, and ends every session of the account", async () => {
    await createAuthSession({ userId: ana });
    await createAuthSession({ userId: ana });
    const link = await createPasswordResetLink(ana, owner);
    expect(link.path).toBe(`/reset/${link.token}`);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 60 * 60 * 1000);
    expect(await findPasswordReset(link.token)).toMatchObject({ userId: ana, username: "ana" });

    const { userId, endedSessions } = await redeemPasswordReset(link.token, "new-hash");
    expect(userId).toBe(ana);
    expect(endedSessions).toHaveLength(2);
    expect(await listAuthSessions(ana)).toEqual([]);
    expect(await hashOf(ana)).toBe("new-hash");

    await expect(redeemPasswordReset(link.token, "other-hash")).rejects.toMatchObject({ code: "RESET_LINK_USED" });
    await expect(findPasswordReset(link.token)).rejects.toMatchObject({ code: "RESET_LINK_USED" });
    expect(await hashOf(ana)).toBe("new-hash");
  });

  it("refuses an expired link and an unknown one, changing nothing", async () => {
    const expired = await createPasswordResetLink(ana, owner, -1);
    await expect(redeemPasswordReset(expired.token, "new-hash")).rejects.toMatchObject({ code: "RESET_LINK_EXPIRED" });
    await expect(redeemPasswordReset("not-a-link", "new-hash")).rejects.toMatchObject({ code: "RESET_LINK_INVALID" });
    expect(await hashOf(ana)).toBe("not-a-real-hash");
  });

  it("a newer link replaces an unused older one, and the database never holds the link itself", async () => {
    const older = await createPasswordResetLink(ana, owner);
    const newer = await createPasswordResetLink(ana, null);
    await expect(findPasswordReset(older.token)).rejects.toMatchObject({ code: "RESET_LINK_INVALID" });
    expect(await findPasswordReset(newer.token)).toMatchObject({ userId: ana });
    const stored = await db().select().from(passwordResets);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(newer.token);
  });
});
