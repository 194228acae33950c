import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { createGroup, roleInGroup } from "./groups";
import { createInvite, redeemInvite } from "./invites";
import { createUser } from "./users";

let ownerId = "";
let groupId = "";

async function person(name: string): Promise<string> {
  return (await createUser({ username: name, displayName: name, passwordHash: "x" })).id;
}

beforeEach(async () => {
  await openFreshTestDatabase();
  ownerId = await person("owner");
  groupId = (await createGroup({ name: "G", description: "", ownerId })).id;
});

describe("invites", () => {
  it("joins with the invite's role and counts one use", async () => {
    const invite = await createInvite({ groupId, role: "facilitator", expiresAt: new Date(Date.now() + 60_000), maxUses: 2, createdBy: ownerId });
    const friend = await person("friend");
    expect(await redeemInvite(invite.token, friend)).toEqual({ groupId, role: "facilitator" });
    expect(await roleInGroup(groupId, friend)).toBe("facilitator");
  });

  it("refuses an expired invite and adds nobody", async () => {
    const invite = await createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() - 1), maxUses: 5, createdBy: ownerId });
    const friend = await person("friend");
    await expect(redeemInvite(invite.token, friend)).rejects.toThrow(expect.objectContaining({ code: "INVITE_EXPIRED" }));
    expect(await roleInGroup(groupId, friend)).toBeNull();
  });

  it("refuses an invite past its uses", async () => {
    const invite = await createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() + 60_000), maxUses: 1, createdBy: ownerId });
    await redeemInvite(invite.token, await person("first"));
    const second = await person("second");
    await expect(redeemInvite(invite.token, second)).rejects.toThrow(expect.objectContaining({ code: "INVITE_USED_UP" }));
    expect(await roleInGroup(groupId, second)).toBeNull();
  });

  it("lets a member follow their own invite again without using it up", async () => {
    const invite = await createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() + 60_000), maxUses: 1, createdBy: ownerId });
    expect(await redeemInvite(invite.token, ownerId)).toEqual({ groupId, role: "owner" });
    await expect(redeemInvite(invite.token, await person("newcomer"))).resolves.not.toThrow();
  });
});
