import { describe, expect, it } from "vitest";
import { distinctInitials, initialsOf } from "./initials";

describe("initials", () => {
  it("takes the first letters of the first two words", () => {
    expect(initialsOf("Ana Torres")).toBe("AT");
    expect(initialsOf("ben")).toBe("B");
    expect(initialsOf("  ")).toBe("?");
  });

  it("tells apart people who share initials", () => {
    const people = [
      { id: "1", name: "Ana Torres" },
      { id: "2", name: "Alba Tudela" },
      { id: "3", name: "Ben Okafor" },
      { id: "4", name: "Ana Tomás" },
    ];
    expect(Object.fromEntries(distinctInitials(people))).toEqual({ "1": "AT1", "2": "ATu", "3": "BO", "4": "AT2" });
  });
});
