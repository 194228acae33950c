import { describe, expect, it } from "vitest";
import { canonicalText, type Block } from "./blocks";
import { numberedSpans, passageParagraphs } from "./passage-paragraphs";

const blocks: Block[] = [
  { id: "h", type: "heading", text: "A title", level: 2 },
  { id: "p1", type: "paragraph", text: "First paragraph." },
  { id: "img", type: "image", text: "", image: { src: "/x.png", alt: "" } },
  { id: "q", type: "quote", text: "A quoted line." },
  { id: "h2", type: "heading", text: "Second part", level: 2 },
  { id: "p3", type: "paragraph", text: "Third numbered block." },
];
const text = canonicalText(blocks);
const spans = numberedSpans(blocks);

function passage(exact: string) {
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`not in text: ${exact}`);
  return { start, end: start + exact.length };
}

describe("numberedSpans", () => {
  it("numbers every text block but headings, at its place in the canonical text", () => {
    expect(spans.map((span) => [span.number, text.slice(span.start, span.end)])).toEqual([
      [1, "First paragraph."],
      [2, "A quoted line."],
      [3, "Third numbered block."],
    ]);
  });
});

describe("passageParagraphs", () => {
  it("finds the paragraph of a passage inside it", () => {
    expect(passageParagraphs(spans, passage("quoted"))).toEqual({ first: 2, last: 2 });
  });

  it("spans paragraphs across a heading", () => {
    expect(passageParagraphs(spans, passage("line.\n\nSecond part\n\nThird"))).toEqual({ first: 2, last: 3 });
  });

  it("counts a passage that starts in a heading from the paragraph it reaches", () => {
    expect(passageParagraphs(spans, passage("title\n\nFirst"))).toEqual({ first: 1, last: 1 });
  });

  it("has no number for a passage within a heading", () => {
    expect(passageParagraphs(spans, passage("Second part"))).toBeNull();
  });

  it("does not count a paragraph the passage only touches at its edge", () => {
    const end = passage("First paragraph.").end;
    expect(passageParagraphs(spans, { start: end, end: end + 2 })).toBeNull();
  });
});
