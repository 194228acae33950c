import { describe, expect, it } from "vitest";
import type { Block } from "./blocks";
import { finaliseBlocks, type DraftBlock } from "./draft";
import { mergeBlocks, splitBlock, withText } from "./draft-edits";
import { placeFinder } from "../review/session-record";
import { cleanPageLabel, movePageBreaks, pageInBlock, pageSpans, pageStarts, passagePages } from "./pages";

const blocks: Block[] = [
  { id: "h", type: "heading", text: "Wages", page: "13" },
  { id: "a", type: "paragraph", text: "First paragraph on thirteen.", page: "13" },
  { id: "b", type: "paragraph", text: "Begins on thirteen and ends on fourteen.", page: "13", pageBreaks: [{ at: 26, page: "14" }] },
  { id: "c", type: "paragraph", text: "All on fourteen.", page: "14" },
  { id: "d", type: "paragraph", text: "On fifteen.", page: "15" },
];

describe("pages", () => {
  it("accepts printed labels and refuses anything else", () => {
    expect(cleanPageLabel(14)).toBe("14");
    expect(cleanPageLabel(" xii ")).toBe("xii");
    expect(cleanPageLabel("A-3")).toBe("A-3");
    expect(cleanPageLabel("<b>")).toBeUndefined();
    expect(cleanPageLabel("")).toBeUndefined();
    expect(cleanPageLabel("x".repeat(17))).toBeUndefined();
  });

  it("shows each page once, where it begins, with one anchor per page", () => {
    const starts = pageStarts(blocks);
    expect([...starts.entries()]).toEqual([
      ["h", [{ at: 0, page: "13", anchor: "page-13" }]],
      ["b", [{ at: 26, page: "14", anchor: "page-14" }]],
      ["d", [{ at: 0, page: "15", anchor: "page-15" }]],
    ]);
  });

  it("finds the page of an offset and of a passage", () => {
    expect(pageInBlock(blocks[2]!, 0)).toBe("13");
    expect(pageInBlock(blocks[2]!, 30)).toBe("14");
    const spans = pageSpans(blocks);
    expect(spans.map((span) => span.page)).toEqual(["13", "14", "15"]);
    // "Wages\n\nFirst paragraph on thirteen.\n\n" is 37 characters; block b starts there.
    expect(passagePages(spans, { start: 37, end: 40 })).toEqual({ first: "13", last: "13" });
    expect(passagePages(spans, { start: 37, end: 70 })).toEqual({ first: "13", last: "14" });
    expect(passagePages(spans, { start: 70, end: 72 })).toEqual({ first: "14", last: "14" });
    expect(passagePages([], { start: 0, end: 3 })).toBeNull();
  });

  it("gives the minutes a page for each cited place", () => {
    const place = placeFinder(blocks);
    expect(place(40)).toEqual({ blockId: "b", paragraph: 2, page: "13" });
    expect(place(70)).toEqual({ blockId: "b", paragraph: 2, page: "14" });
  });
});

describe("page breaks through edits", () => {
  const draft: DraftBlock = { type: "paragraph", text: "Begins on thirteen and ends on fourteen.", page: "13", pageBreaks: [{ at: 23, page: "14" }] };

  it("keep their place when text before them changes", () => {
    expect(movePageBreaks(draft, draft.text, `Clearly ${draft.text}`).pageBreaks).toEqual([{ at: 31, page: "14" }]);
    expect(withText(draft, draft.text.replace("fourteen", "page 14")).pageBreaks).toEqual([{ at: 23, page: "14" }]);
  });

  it("go to the second block when a block is split after them, and stay when split before", () => {
    const [head, tail] = splitBlock(draft, 19)!;
    expect(head).toMatchObject({ text: "Begins on thirteen", page: "13" });
    expect(head.pageBreaks).toBeUndefined();
    expect(tail).toMatchObject({ text: "and ends on fourteen.", page: "13", pageBreaks: [{ at: 4, page: "14" }] });
    const [, after] = splitBlock(draft, 23)!;
    expect(after).toMatchObject({ text: "ends on fourteen.", page: "14" });
    expect(after.pageBreaks).toBeUndefined();
  });

  it("join when blocks on two pages are merged", () => {
    const merged = mergeBlocks({ type: "paragraph", text: "Ends a page", page: "3" }, { type: "paragraph", text: "and goes on.", page: "4" });
    expect(merged).toMatchObject({ text: "Ends a page and goes on.", page: "3", pageBreaks: [{ at: 12, page: "4" }] });
    expect(mergeBlocks({ type: "paragraph", text: "One", page: "3" }, { type: "paragraph", text: "two", page: "3" }).pageBreaks).toBeUndefined();
  });

  it("survive cleaning when saved", () => {
    const [saved] = finaliseBlocks([{ type: "paragraph", text: "  Ends   a\u00ad page and goes on.", page: "3", pageBreaks: [{ at: 17, page: "4" }] }]);
    expect(saved).toMatchObject({ text: "Ends a page and goes on.", page: "3", pageBreaks: [{ at: 12, page: "4" }] });
  });
});
