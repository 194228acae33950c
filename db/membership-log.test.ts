import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { addMember, changeRole, createGroup, removeMember } from "./groups";
import { createInvite, redeemInvite } from "./invites";
import { listMembershipChanges, roleChangeKind } from "./membership-log";
import { person } from "./test-people";

let owner = "";
let groupId = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  groupId = (await createGroup({ name: "Theory Tuesdays", description: "", ownerId: owner })).id;
});

/** The log oldest first, as (member, change, role, previous role, actor) by username. */
async function log() {
  return (await listMembershipChanges(groupId))
    .reverse()
    .map((entry) => [entry.member?.username ?? null, entry.change, entry.role, entry.previousRole, entry.actor?.username ?? null]);
}

describe("the owner's log of membership and role changes", () => {
  it("records who joined, left, was removed, promoted or demoted, and by whom", async () => {
    const mia = await person("mia");
    const sam = await person("sam");
    const ivo = await person("ivo");
    await addMember(groupId, mia, "member", owner);
    const invite = await createInvite({ groupId, role: "member", maxUses: 5, expiresAt: new Date(Date.now() + 86_400_000), createdBy: owner });
    await redeemInvite(invite.token, sam);
    await redeemInvite(invite.token, sam); // already a member: nothing happens, nothing is logged
    await addMember(groupId, ivo, "member");
    await changeRole(groupId, mia, "facilitator", owner);
    await changeRole(groupId, mia, "facilitator", owner); // no change, no line
    await changeRole(groupId, mia, "member", owner);
    await removeMember(groupId, sam, owner);
    await removeMember(groupId, ivo, ivo);
    expect(await log()).toEqual([
      ["olga", "joined", "owner", null, "olga"],
      ["mia", "joined", "member", null, "olga"],
      ["sam", "joined", "member", null, null],
      ["ivo", "joined", "member", null, null],
      ["mia", "promoted", "facilitator", "member", "olga"],
      ["mia", "demoted", "member", "facilitator", "olga"],
      ["sam", "removed", "member", null, "olga"],
      ["ivo", "left", "member", null, "ivo"],
    ]);
  });

  it("writes nothing when the change itself is refused", async () => {
    await expect(changeRole(groupId, owner, "member", owner)).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    await expect(removeMember(groupId, owner, owner)).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(await log()).toEqual([["olga", "joined", "owner", null, "olga"]]);
  });

  it("keeps each group's log to itself", async () => {
    const other = (await createGroup({ name: "Other", description: "", ownerId: await person("dev") })).id;
    expect((await listMembershipChanges(other)).map((entry) => entry.member?.username)).toEqual(["dev"]);
    expect((await listMembershipChanges(groupId)).map((entry) => entry.member?.username)).toEqual(["olga"]);
  });

  it("tells a promotion from a demotion", () => {
    expect(roleChangeKind("member", "owner")).toBe("promoted");
    expect(roleChangeKind("owner", "facilitator")).toBe("demoted");
    expect(roleChangeKind("facilitator", "facilitator")).toBeUndefined();
  });
});
