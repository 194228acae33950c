import { describe, expect, it } from "vitest";
import type { PresentMember } from "@/lib/protocol";
import { PresenceStore } from "./presence-store";

const member = (userId: string, blockId: string | null, typing = false): PresentMember => ({ userId, displayName: userId.toUpperCase(), role: "member", blockId, typing });

describe("the presence store", () => {
  it("lists the others by the paragraph they read, never the viewer", () => {
    const store = new PresenceStore("ana");
    store.reset([member("ana", "p1"), member("ben", "p1"), member("cy", "p2"), member("dee", null)]);
    expect(store.readersAt("p1").map((reader) => reader.userId)).toEqual(["ben"]);
    expect(store.readersAt("p2").map((reader) => reader.userId)).toEqual(["cy"]);
    expect(store.readersAt("p3")).toEqual([]);
  });

  it("keeps a paragraph's list when someone moves elsewhere, so only the paragraphs concerned re-render", () => {
    const store = new PresenceStore("ana");
    store.reset([member("ben", "p1"), member("cy", "p2")]);
    const p1 = store.readersAt("p1");
    const people = store.getPeople();
    store.apply({ moved: { cy: "p3" } });
    expect(store.readersAt("p1")).toBe(p1);
    expect(store.readersAt("p2")).toEqual([]);
    expect(store.readersAt("p3").map((reader) => reader.userId)).toEqual(["cy"]);
    expect(store.getPeople()).toBe(people);
  });

  it("places readers of another edition's paragraph on the aligned paragraph of the text shown", () => {
    const store = new PresenceStore("ana");
    store.reset([member("ben", "en-1"), member("cy", "es-1"), member("dee", "en-9")]);
    const aligned: Record<string, string> = { "en-1": "es-1", "es-1": "es-1" };
    const inSpanish = (blockId: string) => aligned[blockId] ?? null;
    expect(store.readersAt("es-1", inSpanish).map((reader) => reader.userId)).toEqual(["ben", "cy"]);
    expect(store.readersAt("en-1", inSpanish)).toEqual([]);
    expect(store.readersAt("en-1").map((reader) => reader.userId)).toEqual(["ben"]);
    const before = store.readersAt("es-1", inSpanish);
    store.apply({ moved: { dee: "en-1" } });
    expect(store.readersAt("es-1", inSpanish).map((reader) => reader.userId)).toEqual(["ben", "cy", "dee"]);
    expect(store.readersAt("es-1", inSpanish)).not.toBe(before);
  });

  it("tells its subscribers of every change, and lists the others typing", () => {
    const store = new PresenceStore("ana");
    let told = 0;
    const stop = store.subscribe(() => (told += 1));
    store.reset([member("ana", null, true), member("ben", null)]);
    store.apply({ typing: { ben: true } });
    expect(store.getTyping().map((typist) => typist.userId)).toEqual(["ben"]);
    stop();
    store.clear();
    expect(told).toBe(2);
    expect(store.getMembers()).toEqual([]);
  });
});
