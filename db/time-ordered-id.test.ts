import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./time-ordered-id";

describe("time-ordered ids", () => {
  it("sort in the order they were made, also within one millisecond", () => {
    const ids = Array.from({ length: 1_000 }, () => timeOrderedId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
