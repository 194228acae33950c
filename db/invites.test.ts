import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { createGroup, roleInGroup } from "./groups";
import { createInvite, redeemInvite } from "./invites";
import { createUser } from "./users";

let ownerId = "";
let groupId = "";

function person(name: string): string {
  return createUser({ username: name, displayName: name, passwordHash: "x" }).id;
}

beforeEach(() => {
  openFreshTestDatabase();
  ownerId = person("owner");
  groupId = createGroup({ name: "G", description: "", ownerId }).id;
});

describe("invites", () => {
  it("joins with the invite's role and counts one use", () => {
    const invite = createInvite({ groupId, role: "facilitator", expiresAt: new Date(Date.now() + 60_000), maxUses: 2, createdBy: ownerId });
    const friend = person("friend");
    expect(redeemInvite(invite.token, friend)).toEqual({ groupId, role: "facilitator" });
    expect(roleInGroup(groupId, friend)).toBe("facilitator");
  });

  it("refuses an expired invite and adds nobody", () => {
    const invite = createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() - 1), maxUses: 5, createdBy: ownerId });
    const friend = person("friend");
    expect(() => redeemInvite(invite.token, friend)).toThrow(expect.objectContaining({ code: "INVITE_EXPIRED" }));
    expect(roleInGroup(groupId, friend)).toBeNull();
  });

  it("refuses an invite past its uses", () => {
    const invite = createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() + 60_000), maxUses: 1, createdBy: ownerId });
    redeemInvite(invite.token, person("first"));
    const second = person("second");
    expect(() => redeemInvite(invite.token, second)).toThrow(expect.objectContaining({ code: "INVITE_USED_UP" }));
    expect(roleInGroup(groupId, second)).toBeNull();
  });

  it("lets a member follow their own invite again without using it up", () => {
    const invite = createInvite({ groupId, role: "member", expiresAt: new Date(Date.now() + 60_000), maxUses: 1, createdBy: ownerId });
    expect(redeemInvite(invite.token, ownerId)).toEqual({ groupId, role: "owner" });
    expect(() => redeemInvite(invite.token, person("newcomer"))).not.toThrow();
  });
});
