import { describe, expect, it } from "vitest";
import type { DraftBlock } from "./draft";
import { lookAlikes, mergeBlocks, splitBlock, withText, withType } from "./draft-edits";

const marked: DraftBlock = {
  type: "paragraph",
  text: "One two three. Four five.",
  marks: [
    { type: "strong", start: 4, end: 7 },
    { type: "em", start: 8, end: 19 },
    { type: "link", start: 20, end: 24, href: "https://example.org/" },
  ],
};

describe("preview edits", () => {
  it("changes a type with that type's defaults and clears the flag", () => {
    expect(withType({ type: "paragraph", text: "Header image", flag: "leftover" }, "heading")).toEqual({ type: "heading", text: "Header image", level: 2 });
    expect(withType({ type: "heading", text: "x", level: 3 }, "list_item")).toEqual({ type: "list_item", text: "x", ordered: false });
  });

  it("merges two blocks, shifting the second one's marks", () => {
    const merged = mergeBlocks({ type: "heading", text: "Left", level: 2, marks: [{ type: "em", start: 0, end: 4 }] }, { type: "paragraph", text: "right side", marks: [{ type: "strong", start: 0, end: 5 }] });
    expect(merged).toEqual({ type: "heading", text: "Left right side", level: 2, marks: [{ type: "em", start: 0, end: 4 }, { type: "strong", start: 5, end: 10 }] });
    expect(merged.text.slice(5, 10)).toBe("right");
  });

  it("splits at an offset, trimming the cut and dividing marks", () => {
    const [head, tail] = splitBlock(marked, 14)!;
    expect(head).toEqual({ type: "paragraph", text: "One two three.", marks: [{ type: "strong", start: 4, end: 7 }, { type: "em", start: 8, end: 14 }] });
    expect(tail).toEqual({ type: "paragraph", text: "Four five.", marks: [{ type: "em", start: 0, end: 4 }, { type: "link", start: 5, end: 9, href: "https://example.org/" }] });
    expect(tail.text.slice(5, 9)).toBe("five");
  });

  it("will not split into an empty block", () => {
    expect(splitBlock(marked, 0)).toBeUndefined();
    expect(splitBlock(marked, marked.text.length)).toBeUndefined();
  });

  it("merging what was split gives the text back", () => {
    const [head, tail] = splitBlock(marked, 15)!;
    const merged = mergeBlocks(head, tail);
    expect(merged.text).toBe(marked.text);
    expect(merged.marks?.filter((mark) => mark.type !== "em")).toEqual(marked.marks?.filter((mark) => mark.type !== "em"));
  });

  it("drops marks when the text changes", () => {
    expect(withText(marked, marked.text)).toBe(marked);
    expect(withText(marked, "Other words")).toEqual({ type: "paragraph", text: "Other words" });
  });
});

describe("lookAlikes", () => {
  const blocks: DraftBlock[] = [
    { type: "heading", text: "Who we are", level: 2 },
    { type: "paragraph", text: "We are carers employed by private agencies that hold contracts with the council." },
    { type: "heading", text: "Denise Walsh speaks at the branch meeting, Salford, 14 February 2023", level: 2 },
    { type: "heading", text: "Relatives sign the petition at a street stall, Eccles, April 2023", level: 2 },
    { type: "heading", text: "Part two:  Why we organised", level: 2 },
    { type: "paragraph", text: "Carers at the depot, January 2023" },
  ];

  it("finds the blocks of the same type shaped like the one corrected", () => expect(lookAlikes(blocks, 2)).toEqual([3]));
  it("finds none for a line unlike the others", () => expect(lookAlikes(blocks, 0)).toEqual([]));
  it("leaves images alone", () => expect(lookAlikes([{ type: "image", text: "", image: { src: "/a.png", alt: "" } }], 0)).toEqual([]));
});
