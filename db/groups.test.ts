import { beforeEach, describe, expect, it } from "vitest";
import { openFreshTestDatabase } from "./client";
import { addMember, changeRole, countMembers, createGroup, findGroup, listGroupsForUser, listMembers, removeMember, roleInGroup } from "./groups";
import { person } from "./test-people";

let owner = "";
let groupId = "";

beforeEach(() => {
  openFreshTestDatabase();
  owner = person("olga");
  groupId = createGroup({ name: "Theory Tuesdays", description: "We read theory.", ownerId: owner }).id;
});

describe("createGroup", () => {
  it("makes the creator its owner", () => {
    expect(findGroup(groupId)).toEqual({ id: groupId, name: "Theory Tuesdays", description: "We read theory." });
    expect(roleInGroup(groupId, owner)).toBe("owner");
    expect(listGroupsForUser(owner)).toEqual([{ id: groupId, name: "Theory Tuesdays", description: "We read theory.", role: "owner", memberCount: 1 }]);
  });

  it("knows nothing of strangers", () => {
    const stranger = person("sam");
    expect(roleInGroup(groupId, stranger)).toBeNull();
    expect(listGroupsForUser(stranger)).toEqual([]);
    expect(findGroup("no-such-group")).toBeUndefined();
  });
});

describe("members and roles", () => {
  it("lists owners first, then facilitators, then members", () => {
    addMember(groupId, person("mia"), "member");
    addMember(groupId, person("fred"), "facilitator");
    expect(listMembers(groupId).map((member) => [member.username, member.role])).toEqual([
      ["olga", "owner"],
      ["fred", "facilitator"],
      ["mia", "member"],
    ]);
  });

  it("adding an existing member again changes nothing", () => {
    const mia = person("mia");
    addMember(groupId, mia, "member");
    addMember(groupId, mia, "facilitator");
    expect(roleInGroup(groupId, mia)).toBe("member");
    expect(countMembers(groupId)).toBe(2);
  });

  it("the owner promotes and demotes a member", () => {
    const mia = person("mia");
    addMember(groupId, mia, "member");
    changeRole(groupId, mia, "facilitator");
    expect(roleInGroup(groupId, mia)).toBe("facilitator");
    changeRole(groupId, mia, "owner");
    expect(roleInGroup(groupId, mia)).toBe("owner");
    changeRole(groupId, mia, "member");
    expect(roleInGroup(groupId, mia)).toBe("member");
  });

  it("refuses to change the role of someone outside the group", () => {
    expect(() => changeRole(groupId, person("sam"), "member")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});

describe("last-owner protection", () => {
  it("the only owner cannot step down", () => {
    expect(() => changeRole(groupId, owner, "facilitator")).toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(roleInGroup(groupId, owner)).toBe("owner");
  });

  it("the only owner cannot leave or be removed", () => {
    addMember(groupId, person("mia"), "member");
    expect(() => removeMember(groupId, owner)).toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(roleInGroup(groupId, owner)).toBe("owner");
  });

  it("with a second owner, the first may step down or leave", () => {
    const co = person("cora");
    addMember(groupId, co, "owner");
    changeRole(groupId, owner, "member");
    expect(roleInGroup(groupId, owner)).toBe("member");
    changeRole(groupId, owner, "owner");
    removeMember(groupId, owner);
    expect(roleInGroup(groupId, owner)).toBeNull();
    expect(() => removeMember(groupId, co)).toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
  });
});

describe("removeMember", () => {
  it("removes a member, who then sees nothing of the group", () => {
    const mia = person("mia");
    addMember(groupId, mia, "member");
    removeMember(groupId, mia);
    expect(roleInGroup(groupId, mia)).toBeNull();
    expect(listGroupsForUser(mia)).toEqual([]);
    expect(countMembers(groupId)).toBe(1);
  });

  it("refuses to remove someone who is not a member", () => {
    expect(() => removeMember(groupId, person("sam"))).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
