import { describe, expect, it } from "vitest";
import { RoomPresence } from "./room-presence";

const ana = { userId: "ana", displayName: "Ana", role: "owner" as const };
const ben = { userId: "ben", displayName: "Ben", role: "member" as const };

describe("RoomPresence", () => {
  it("shows each person once, with no paragraph and not typing when they join", () => {
    const room = new RoomPresence();
    expect(room.join("s1", ana)).toBe("ana");
    room.join("s2", ben);
    expect([...room.view().values()]).toEqual([
      { ...ana, blockId: null, typing: false },
      { ...ben, blockId: null, typing: false },
    ]);
  });

  it("says whose entry changed, or null when nothing did", () => {
    const room = new RoomPresence();
    room.join("s1", ana);
    expect(room.read("s1", "b1")).toBe("ana");
    expect(room.read("s1", "b1")).toBeNull();
    expect(room.type("s1", true)).toBe("ana");
    expect(room.type("s1", true)).toBeNull();
    expect(room.read("nobody", "b1")).toBeNull();
    expect(room.type("nobody", true)).toBeNull();
    expect(room.leave("nobody")).toBeNull();
  });

  it("keeps a person with two tabs until the last one leaves", () => {
    const room = new RoomPresence();
    room.join("tab1", ben);
    room.join("tab2", ben);
    expect(room.view().size).toBe(1);
    expect(room.leave("tab1")).toBe("ben");
    expect(room.view().get("ben")).toBeDefined();
    room.leave("tab2");
    expect(room.view().size).toBe(0);
    expect(room.empty).toBe(true);
  });

  it("shows the paragraph a person's tabs reported last, and typing while any tab types", () => {
    const room = new RoomPresence();
    room.join("tab1", ben);
    room.join("tab2", ben);
    room.read("tab1", "b1");
    room.read("tab2", "b7");
    expect(room.view().get("ben")?.blockId).toBe("b7");
    room.read("tab1", "b1");
    expect(room.view().get("ben")?.blockId).toBe("b1");
    room.type("tab2", true);
    expect(room.view().get("ben")?.typing).toBe(true);
    room.leave("tab2");
    expect(room.view().get("ben")).toEqual({ ...ben, blockId: "b1", typing: false });
  });

  it("starts a tab over when it joins again", () => {
    const room = new RoomPresence();
    room.join("tab1", ben);
    room.read("tab1", "b3");
    room.type("tab1", true);
    room.join("tab1", ben);
    expect(room.view().get("ben")).toEqual({ ...ben, blockId: null, typing: false });
  });

  it("shows a changed role on all of the person's tabs", () => {
    const room = new RoomPresence();
    room.join("tab1", ben);
    room.join("tab2", ben);
    expect(room.changeRole("tab1", "facilitator")).toBe("ben");
    expect(room.changeRole("tab2", "facilitator")).toBeNull();
    expect(room.roleOf("tab2")).toBe("facilitator");
    expect(room.view().get("ben")?.role).toBe("facilitator");
  });
});
