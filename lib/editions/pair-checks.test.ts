import { describe, expect, it } from "vitest";
import type { Block } from "../article/blocks";
import { pairWarnings } from "./pair-checks";

const blocks = (...list: Block[]) => new Map(list.map((block) => [block.id, block]));
const source = blocks({ id: "a", type: "paragraph", text: "We work 46 hours, not 40." }, { id: "h", type: "heading", text: "Demands" });
const target = blocks(
  { id: "x", type: "paragraph", text: "Trabajamos 46 horas, no 40." },
  { id: "y", type: "paragraph", text: "Trabajamos cuarenta y seis horas." },
  { id: "g", type: "heading", text: "Exigencias" },
);

describe("pairWarnings", () => {
  it("finds nothing wrong in a faithful pair", () => {
    expect(pairWarnings({ source: ["a"], target: ["x"] }, source, target)).toEqual([]);
    expect(pairWarnings({ source: ["h"], target: ["g"] }, source, target)).toEqual([]);
  });

  it("points out numbers on one side only and a heading facing a paragraph", () => {
    expect(pairWarnings({ source: ["a"], target: ["y"] }, source, target)).toEqual(["numbers"]);
    expect(pairWarnings({ source: ["h"], target: ["x"] }, source, target)).toEqual(["numbers", "heading"]);
  });

  it("has nothing to say about a paragraph with no counterpart", () => {
    expect(pairWarnings({ source: ["a"], target: [] }, source, target)).toEqual([]);
  });
});
