import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { addMember, changeRole, countMembers, createGroup, findGroup, listGroupsForUser, listMembers, removeMember, roleInGroup } from "./groups";
import { person } from "./test-people";

let owner = "";
let groupId = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  groupId = (await createGroup({ name: "Theory Tuesdays", description: "We read theory.", ownerId: owner })).id;
});

describe("createGroup", () => {
  it("makes the creator its owner", async () => {
    expect(await findGroup(groupId)).toEqual({ id: groupId, name: "Theory Tuesdays", description: "We read theory." });
    expect(await roleInGroup(groupId, owner)).toBe("owner");
    expect(await listGroupsForUser(owner)).toEqual([{ id: groupId, name: "Theory Tuesdays", description: "We read theory.", role: "owner", memberCount: 1 }]);
  });

  it("knows nothing of strangers", async () => {
    const stranger = await person("sam");
    expect(await roleInGroup(groupId, stranger)).toBeNull();
    expect(await listGroupsForUser(stranger)).toEqual([]);
    expect(await findGroup("no-such-group")).toBeUndefined();
  });
});

describe("members and roles", () => {
  it("lists owners first, then facilitators, then members", async () => {
    await addMember(groupId, await person("mia"), "member");
    await addMember(groupId, await person("fred"), "facilitator");
    expect((await listMembers(groupId)).map((member) => [member.username, member.role])).toEqual([
      ["olga", "owner"],
      ["fred", "facilitator"],
      ["mia", "member"],
    ]);
  });

  it("adding an existing member again changes nothing", async () => {
    const mia = await person("mia");
    await addMember(groupId, mia, "member");
    await addMember(groupId, mia, "facilitator");
    expect(await roleInGroup(groupId, mia)).toBe("member");
    expect(await countMembers(groupId)).toBe(2);
  });

  it("the owner promotes and demotes a member", async () => {
    const mia = await person("mia");
    await addMember(groupId, mia, "member");
    await changeRole(groupId, mia, "facilitator");
    expect(await roleInGroup(groupId, mia)).toBe("facilitator");
    await changeRole(groupId, mia, "owner");
    expect(await roleInGroup(groupId, mia)).toBe("owner");
    await changeRole(groupId, mia, "member");
    expect(await roleInGroup(groupId, mia)).toBe("member");
  });

  it("refuses to change the role of someone outside the group", async () => {
    await expect(changeRole(groupId, await person("sam"), "member")).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});

describe("last-owner protection", () => {
  it("the only owner cannot step down", async () => {
    await expect(changeRole(groupId, owner, "facilitator")).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(await roleInGroup(groupId, owner)).toBe("owner");
  });

  it("the only owner cannot leave or be removed", async () => {
    await addMember(groupId, await person("mia"), "member");
    await expect(removeMember(groupId, owner)).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(await roleInGroup(groupId, owner)).toBe("owner");
  });

  it("with a second owner, the first may step down or leave", async () => {
    const co = await person("cora");
    await addMember(groupId, co, "owner");
    await changeRole(groupId, owner, "member");
    expect(await roleInGroup(groupId, owner)).toBe("member");
    await changeRole(groupId, owner, "owner");
    await removeMember(groupId, owner);
    expect(await roleInGroup(groupId, owner)).toBeNull();
    await expect(removeMember(groupId, co)).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
  });
});

describe("removeMember", () => {
  it("removes a member, who then sees nothing of the group", async () => {
    const mia = await person("mia");
    await addMember(groupId, mia, "member");
    await removeMember(groupId, mia);
    expect(await roleInGroup(groupId, mia)).toBeNull();
    expect(await listGroupsForUser(mia)).toEqual([]);
    expect(await countMembers(groupId)).toBe(1);
  });

  it("refuses to remove someone who is not a member", async () => {
    await expect(removeMember(groupId, await person("sam"))).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
