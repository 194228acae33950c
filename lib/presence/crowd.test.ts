import { describe, expect, it } from "vitest";
import { foldCrowd } from "./crowd";

const people = (count: number) => Array.from({ length: count }, (_, index) => `member ${index + 1}`);

describe("foldCrowd", () => {
  it("shows everyone in a room no larger than the limit", () => {
    expect(foldCrowd(people(0), 5)).toEqual({ shown: [], more: 0 });
    expect(foldCrowd(people(5), 5)).toEqual({ shown: people(5), more: 0 });
  });

  it("shows the one person over the limit instead of counting them", () => {
    expect(foldCrowd(people(6), 5)).toEqual({ shown: people(6), more: 0 });
  });

  it("shows the first ones in order and counts the rest", () => {
    expect(foldCrowd(people(7), 5)).toEqual({ shown: people(5), more: 2 });
    const room = foldCrowd(people(200), 12);
    expect(room.shown).toEqual(people(12));
    expect(room.more).toBe(188);
  });

  it("keeps the same list when nothing folds, so a store's list stays the one React already has", () => {
    const everyone = people(3);
    expect(foldCrowd(everyone, 5).shown).toBe(everyone);
  });
});
