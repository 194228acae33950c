import { describe, expect, it } from "vitest";
import type { Block } from "../article/blocks";
import { alignedBlockIds, alignmentProblem, blockIdsInRange, canSplit, fitAlignment, mergeWithNext, shiftBlock, splitLink, type Alignment } from "./alignment";

const block = (id: string, text = id): Block => ({ id, type: "paragraph", text });
const source = ["a", "b", "c", "d"].map((id) => block(id));
const target = ["w", "x", "y", "z"].map((id) => block(id));
const oneToOne: Alignment = [
  { source: ["a"], target: ["w"] },
  { source: ["b"], target: ["x"] },
  { source: ["c"], target: ["y"] },
  { source: ["d"], target: ["z"] },
];

describe("alignmentProblem", () => {
  it("accepts an alignment that covers both texts in order", () => {
    expect(alignmentProblem(oneToOne, source, target)).toBeNull();
    expect(
      alignmentProblem(
        [
          { source: ["a", "b"], target: ["w"] },
          { source: [], target: ["x", "y"] },
          { source: ["c", "d"], target: ["z"] },
        ],
        source,
        target,
      ),
    ).toBeNull();
  });

  it("refuses missing, repeated, reordered or unknown blocks and empty pairs", () => {
    expect(alignmentProblem(oneToOne.slice(1), source, target)).toMatch(/original/);
    expect(alignmentProblem([...oneToOne, { source: ["a"], target: [] }], source, target)).toMatch(/original/);
    expect(alignmentProblem([oneToOne[1]!, oneToOne[0]!, oneToOne[2]!, oneToOne[3]!], source, target)).toMatch(/original/);
    expect(alignmentProblem([{ source: ["a"], target: ["q"] }, ...oneToOne.slice(1)], source, target)).toMatch(/edition/);
    expect(alignmentProblem([...oneToOne, { source: [], target: [] }], source, target)).toMatch(/empty/);
  });

  it("ignores images, which are never aligned", () => {
    const withImage = [...source, { id: "img", type: "image", text: "", image: { src: "/i.png", alt: "" } } satisfies Block];
    expect(alignmentProblem(oneToOne, withImage, target)).toBeNull();
  });
});

describe("editing an alignment", () => {
  it("merges a pair with the next, and not past the end", () => {
    expect(mergeWithNext(oneToOne, 1)).toEqual([oneToOne[0], { source: ["b", "c"], target: ["x", "y"] }, oneToOne[3]]);
    expect(mergeWithNext(oneToOne, 3)).toBe(oneToOne);
  });

  it("splits a merged pair back, first block of each side first", () => {
    const merged = mergeWithNext(oneToOne, 1);
    expect(canSplit(merged[1]!)).toBe(true);
    expect(splitLink(merged, 1)).toEqual(oneToOne);
    expect(splitLink([{ source: ["a", "b"], target: ["w"] }], 0)).toEqual([
      { source: ["a"], target: ["w"] },
      { source: ["b"], target: [] },
    ]);
    expect(canSplit(oneToOne[0]!)).toBe(false);
    expect(splitLink(oneToOne, 0)).toBe(oneToOne);
  });

  it("shifts one side's block into the pair before or after", () => {
    expect(shiftBlock(oneToOne, 1, "target", "up")).toEqual([{ source: ["a"], target: ["w", "x"] }, { source: ["b"], target: [] }, oneToOne[2], oneToOne[3]]);
    expect(shiftBlock(oneToOne, 1, "source", "down")).toEqual([oneToOne[0], { source: [], target: ["x"] }, { source: ["b", "c"], target: ["y"] }, oneToOne[3]]);
    // A pair emptied by a shift disappears.
    const lone: Alignment = [
      { source: ["a"], target: ["w"] },
      { source: [], target: ["x"] },
    ];
    expect(shiftBlock(lone, 1, "target", "up")).toEqual([{ source: ["a"], target: ["w", "x"] }]);
  });

  it("gives a block shifted out at either end a pair of its own", () => {
    expect(shiftBlock(oneToOne, 0, "target", "up")).toEqual([{ source: [], target: ["w"] }, { source: ["a"], target: [] }, ...oneToOne.slice(1)]);
    expect(shiftBlock(oneToOne, 3, "source", "down")).toEqual([...oneToOne.slice(0, 3), { source: [], target: ["z"] }, { source: ["d"], target: [] }]);
  });

  it("keeps every edit a valid alignment", () => {
    let alignment = oneToOne;
    const edits = [
      (a: Alignment) => mergeWithNext(a, 0),
      (a: Alignment) => shiftBlock(a, 0, "target", "down"),
      (a: Alignment) => splitLink(a, 0),
      (a: Alignment) => shiftBlock(a, 2, "source", "up"),
      (a: Alignment) => mergeWithNext(a, 1),
      (a: Alignment) => shiftBlock(a, a.length - 1, "target", "down"),
    ];
    for (const edit of edits) {
      alignment = edit(alignment);
      expect(alignmentProblem(alignment, source, target)).toBeNull();
    }
  });

  it("leaves an alignment alone when asked about a pair that is not there", () => {
    expect(shiftBlock(oneToOne, 9, "source", "up")).toBe(oneToOne);
    expect(shiftBlock([{ source: [], target: ["w"] }], 0, "source", "up")).toEqual([{ source: [], target: ["w"] }]);
  });
});

describe("fitAlignment", () => {
  it("keeps an alignment that still fits", () => {
    expect(fitAlignment(oneToOne, source, target)).toEqual(oneToOne);
  });

  it("drops blocks that are gone and places new ones after their predecessor", () => {
    const revised = [block("a"), block("b2"), block("c"), block("d")];
    const fitted = fitAlignment(oneToOne, revised, target);
    expect(fitted).toEqual([{ source: ["a"], target: ["w"] }, { source: ["b2"], target: [] }, { source: [], target: ["x"] }, oneToOne[2], oneToOne[3]]);
    expect(alignmentProblem(fitted, revised, target)).toBeNull();
  });

  it("builds a whole alignment from nothing", () => {
    const fitted = fitAlignment([], source, target);
    expect(alignmentProblem(fitted, source, target)).toBeNull();
  });

  it("drops a block listed twice", () => {
    expect(fitAlignment([...oneToOne, { source: ["a"], target: [] }], source, target)).toEqual(oneToOne);
  });
});

describe("following an alignment", () => {
  const alignment: Alignment = [
    { source: ["a", "b"], target: ["w"] },
    { source: ["c"], target: ["x", "y"] },
    { source: ["d"], target: [] },
    { source: [], target: ["z"] },
  ];

  it("finds the blocks on the other side", () => {
    expect(alignedBlockIds(alignment, "source", ["b"])).toEqual(["w"]);
    expect(alignedBlockIds(alignment, "source", ["c"])).toEqual(["x", "y"]);
    expect(alignedBlockIds(alignment, "target", ["y"])).toEqual(["c"]);
    expect(alignedBlockIds(alignment, "target", ["w", "x"])).toEqual(["a", "b", "c"]);
    expect(alignedBlockIds(alignment, "source", ["d"])).toEqual([]);
    expect(alignedBlockIds(alignment, "target", ["z"])).toEqual([]);
  });

  it("finds the blocks a stretch of canonical text touches", () => {
    const blocks = [block("a", "One."), block("b", "Two."), block("c", "Three.")];
    // "One.\n\nTwo.\n\nThree."
    expect(blockIdsInRange(blocks, 0, 3)).toEqual(["a"]);
    expect(blockIdsInRange(blocks, 2, 8)).toEqual(["a", "b"]);
    expect(blockIdsInRange(blocks, 6, 18)).toEqual(["b", "c"]);
    expect(blockIdsInRange(blocks, 12, 12)).toEqual(["c"]);
  });
});
