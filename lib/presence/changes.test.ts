import { describe, expect, it } from "vitest";
import type { PresentMember } from "../protocol";
import { applyChanges, diffViews, flushDelay, membersOf, mergeViews, viewOf, type PresenceView } from "./changes";

const ana: PresentMember = { userId: "ana", displayName: "Ana", role: "owner", blockId: null, typing: false };
const ben: PresentMember = { userId: "ben", displayName: "Ben", role: "member", blockId: "b1", typing: false };
const cy: PresentMember = { userId: "cy", displayName: "Cy", role: "facilitator", blockId: null, typing: true };

describe("diffViews", () => {
  it("is null when nothing changed", () => {
    expect(diffViews(viewOf([ana, ben]), viewOf([{ ...ben }, { ...ana }]))).toBeNull();
    expect(diffViews(new Map(), new Map())).toBeNull();
  });

  it("names a newcomer by who they are, with a paragraph or typing only when they have one", () => {
    expect(diffViews(viewOf([ana]), viewOf([ana, { ...ben, blockId: null }]))).toEqual({ joined: [{ userId: "ben", displayName: "Ben", role: "member" }] });
    expect(diffViews(viewOf([ana]), viewOf([ana, ben, cy]))).toEqual({
      joined: [
        { userId: "ben", displayName: "Ben", role: "member" },
        { userId: "cy", displayName: "Cy", role: "facilitator" },
      ],
      moved: { ben: "b1" },
      typing: { cy: true },
    });
  });

  it("names those gone by id", () => {
    expect(diffViews(viewOf([ana, ben, cy]), viewOf([ana]))).toEqual({ left: ["ben", "cy"] });
  });

  it("sends only the new paragraph or typing state of a member who stayed", () => {
    expect(
      diffViews(
        viewOf([ana, ben]),
        viewOf([
          { ...ana, blockId: "b9" },
          { ...ben, typing: true },
        ]),
      ),
    ).toEqual({ moved: { ana: "b9" }, typing: { ben: true } });
    expect(diffViews(viewOf([ben]), viewOf([{ ...ben, blockId: null }]))).toEqual({ moved: { ben: null } });
  });

  it("sends a member whose role or name changed again in full", () => {
    expect(diffViews(viewOf([ben]), viewOf([{ ...ben, role: "facilitator" }]))).toEqual({ joined: [{ userId: "ben", displayName: "Ben", role: "facilitator" }] });
    expect(diffViews(viewOf([ben]), viewOf([{ ...ben, displayName: "Benjamin", blockId: "b2" }]))).toEqual({
      joined: [{ userId: "ben", displayName: "Benjamin", role: "member" }],
      moved: { ben: "b2" },
    });
  });

  it("looks only at the people asked about", () => {
    expect(
      diffViews(
        viewOf([ana, ben]),
        viewOf([
          { ...ana, blockId: "b2" },
          { ...ben, blockId: "b3" },
        ]),
        ["ben"],
      ),
    ).toEqual({ moved: { ben: "b3" } });
  });

  it("keeps only the last state of everything that happened in between (last write wins)", () => {
    const start = viewOf([ana, ben]);
    let now: PresenceView = start;
    for (const blockId of ["b2", "b3", "b4"]) now = applyChanges(now, { moved: { ana: blockId } });
    now = applyChanges(now, { left: ["ben"] });
    now = applyChanges(now, { joined: [{ userId: "ben", displayName: "Ben", role: "member" }] });
    now = applyChanges(now, { typing: { ana: true } });
    now = applyChanges(now, { typing: { ana: false } });
    // Ben left and came back within the window: he is still here, at no paragraph now.
    expect(diffViews(start, now)).toEqual({ moved: { ana: "b4", ben: null } });
  });
});

describe("applyChanges", () => {
  it("turns the old view into the new one for any change diffViews makes", () => {
    const views = [
      viewOf([]),
      viewOf([ana]),
      viewOf([ana, ben]),
      viewOf([ben, cy]),
      viewOf([
        { ...ana, role: "member", typing: true },
        { ...cy, blockId: "b7" },
      ]),
      viewOf([ana, ben, cy]),
    ];
    for (const before of views) {
      for (const after of views) {
        const changes = diffViews(before, after);
        const applied = changes ? applyChanges(before, changes) : before;
        expect(membersOf(applied)).toEqual(membersOf(after));
      }
    }
  });

  it("leaves the old view as it was", () => {
    const before = viewOf([ana]);
    applyChanges(before, { left: ["ana"], joined: [{ userId: "ben", displayName: "Ben", role: "member" }] });
    expect(membersOf(before)).toEqual([ana]);
  });

  it("keeps what a member is doing when only their role changes", () => {
    const after = applyChanges(viewOf([{ ...ben, typing: true }]), { joined: [{ userId: "ben", displayName: "Ben", role: "facilitator" }] });
    expect(after.get("ben")).toEqual({ ...ben, typing: true, role: "facilitator" });
  });

  it("ignores a move or typing of someone not in the view instead of inventing them", () => {
    expect(applyChanges(viewOf([ana]), { moved: { ghost: "b1" }, typing: { ghost: true } })).toEqual(viewOf([ana]));
  });

  it("keeps unchanged entries as the same objects, so a list of them can tell what changed", () => {
    const before = viewOf([ana, ben]);
    const after = applyChanges(before, { moved: { ben: "b2" } });
    expect(after.get("ana")).toBe(before.get("ana"));
    expect(after.get("ben")).not.toBe(before.get("ben"));
  });
});

describe("mergeViews", () => {
  it("counts someone present on two nodes once (the first view wins)", () => {
    const merged = mergeViews([viewOf([ana, { ...ben, blockId: "b5" }]), viewOf([ben, cy])]);
    expect(membersOf(merged)).toEqual([ana, { ...ben, blockId: "b5" }, cy]);
  });
});

describe("membersOf", () => {
  it("sorts by name, then id for equal names", () => {
    const twin = { ...ana, userId: "a0" };
    expect(membersOf(viewOf([cy, ana, ben, twin])).map((each) => each.userId)).toEqual(["a0", "ana", "ben", "cy"]);
  });
});

describe("flushDelay", () => {
  it("sends at once when the last message is an interval old, else when it will be", () => {
    expect(flushDelay(10_000, 0, 1000)).toBe(0);
    expect(flushDelay(10_000, 9_000, 1000)).toBe(0);
    expect(flushDelay(10_000, 9_700, 1000)).toBe(700);
    expect(flushDelay(10_000, 10_000, 1000)).toBe(1000);
  });
});
