import { describe, expect, it } from "vitest";
import { viewOf, type PresenceView } from "@/lib/presence/changes";
import { PresenceNumbers } from "@/lib/presence/wire";
import type { PresentMember } from "@/lib/protocol";
import { PresenceStore } from "./presence-store";

const member = (userId: string, blockId: string | null, typing = false): PresentMember => ({ userId, displayName: userId.toUpperCase(), role: "member", blockId, typing });

/** A store fed as the page feeds it: the server's room numbers its people, the store gets the join's list and then each delta. */
function storeOf(viewerId: string) {
  const store = new PresenceStore(viewerId);
  const numbers = new PresenceNumbers();
  let published: PresenceView = new Map();
  const now = (members: PresentMember[]) => {
    const after = viewOf(members);
    const delta = numbers.delta(published, after);
    published = after;
    return delta;
  };
  return {
    store,
    /** The room holds `members` and the store joins it now. */
    reset(members: PresentMember[]) {
      now(members);
      store.reset(numbers.whole(published));
    },
    /** The room's next message: it holds `members` now. */
    apply(members: PresentMember[]) {
      const delta = now(members);
      if (delta) store.apply(delta);
    },
  };
}

describe("the presence store", () => {
  it("lists the others by the paragraph they read, never the viewer", () => {
    const { store, reset } = storeOf("ana");
    reset([member("ana", "p1"), member("ben", "p1"), member("cy", "p2"), member("dee", null)]);
    expect(store.readersAt("p1").map((reader) => reader.userId)).toEqual(["ben"]);
    expect(store.readersAt("p2").map((reader) => reader.userId)).toEqual(["cy"]);
    expect(store.readersAt("p3")).toEqual([]);
  });

  it("keeps a paragraph's list when someone moves elsewhere, so only the paragraphs concerned re-render", () => {
    const { store, reset, apply } = storeOf("ana");
    reset([member("ben", "p1"), member("cy", "p2")]);
    const p1 = store.readersAt("p1");
    const people = store.getPeople();
    apply([member("ben", "p1"), member("cy", "p3")]);
    expect(store.readersAt("p1")).toBe(p1);
    expect(store.readersAt("p2")).toEqual([]);
    expect(store.readersAt("p3").map((reader) => reader.userId)).toEqual(["cy"]);
    expect(store.getPeople()).toBe(people);
  });

  it("places readers of another edition's paragraph on the aligned paragraph of the text shown", () => {
    const { store, reset, apply } = storeOf("ana");
    reset([member("ben", "en-1"), member("cy", "es-1"), member("dee", "en-9")]);
    const aligned: Record<string, string> = { "en-1": "es-1", "es-1": "es-1" };
    const inSpanish = (blockId: string) => aligned[blockId] ?? null;
    expect(store.readersAt("es-1", inSpanish).map((reader) => reader.userId)).toEqual(["ben", "cy"]);
    expect(store.readersAt("en-1", inSpanish)).toEqual([]);
    expect(store.readersAt("en-1").map((reader) => reader.userId)).toEqual(["ben"]);
    const before = store.readersAt("es-1", inSpanish);
    apply([member("ben", "en-1"), member("cy", "es-1"), member("dee", "en-1")]);
    expect(store.readersAt("es-1", inSpanish).map((reader) => reader.userId)).toEqual(["ben", "cy", "dee"]);
    expect(store.readersAt("es-1", inSpanish)).not.toBe(before);
  });

  it("tells its subscribers of every change, and lists the others typing", () => {
    const { store, reset, apply } = storeOf("ana");
    let told = 0;
    const stop = store.subscribe(() => (told += 1));
    reset([member("ana", null, true), member("ben", null)]);
    apply([member("ana", null, true), member("ben", null, true)]);
    expect(store.getTyping().map((typist) => typist.userId)).toEqual(["ben"]);
    const typing = store.getTyping();
    apply([member("ana", null, true), member("ben", "p4", true)]);
    expect(store.getTyping()).not.toBe(typing);
    apply([member("ana", null, true), member("ben", "p4")]);
    expect(store.getTyping()).toEqual([]);
    stop();
    store.clear();
    expect(told).toBe(4);
    expect(store.getMembers()).toEqual([]);
  });

  it("follows newcomers, leavers and a changed role, with the guest's role kept for the guest mark", () => {
    const { store, reset, apply } = storeOf("ana");
    reset([member("ana", null)]);
    const alone = store.getPeople();
    apply([member("ana", null), { ...member("rosa", "p2"), role: "guest" }, member("ben", null)]);
    expect(store.getPeople()).not.toBe(alone);
    expect(store.getMembers()).toEqual([member("ana", null), member("ben", null), { ...member("rosa", "p2"), role: "guest" }]);
    expect(store.readersAt("p2").map((reader) => reader.role)).toEqual(["guest"]);
    apply([member("ana", null), { ...member("ben", null), role: "facilitator" }]);
    expect(store.getMembers()).toEqual([member("ana", null), { ...member("ben", null), role: "facilitator" }]);
    expect(store.readersAt("p2")).toEqual([]);
  });

  it("starts over from a new join's list, whatever it held before (a reconnection, perhaps to another node)", () => {
    const { store, reset } = storeOf("ana");
    reset([member("ana", null), member("ben", "p1"), member("cy", null)]);
    // Another node numbers the room its own way (dee is 0 there, as ana was here): its list is the whole truth.
    const elsewhere = viewOf([member("dee", "p9"), member("ana", null)]);
    const otherNode = new PresenceNumbers();
    otherNode.delta(new Map(), elsewhere);
    store.reset(otherNode.whole(elsewhere));
    expect(store.getMembers()).toEqual([member("ana", null), member("dee", "p9")]);
    expect(store.readersAt("p1")).toEqual([]);
  });
});
