import { describe, expect, it } from "vitest";
import { canonicalText } from "./blocks";
import { articleDetailsSchema, draftBlockSchema, finaliseBlocks } from "./draft";

describe("finaliseBlocks", () => {
  it("drops flags, empty blocks and unsafe links, clamps marks and assigns stable ids", () => {
    const blocks = finaliseBlocks([
      { type: "heading", text: "  Title ", level: 1 },
      { type: "paragraph", text: "   " },
      { type: "paragraph", text: "Go there now", flag: "leftover", marks: [{ type: "link", start: 0, end: 5, href: "javascript:alert(1)" }, { type: "strong", start: 3, end: 99 }] },
      { type: "image", text: "", image: { src: "/groups/g/media/a.png", alt: " A  cat " } },
      { type: "list_item", text: "item" },
    ]);
    expect(blocks.map(({ id: _id, ...rest }) => rest)).toEqual([
      { type: "heading", text: "Title", level: 2 },
      { type: "paragraph", text: "Go there now", marks: [{ type: "strong", start: 3, end: 12 }] },
      { type: "image", text: "", image: { src: "/groups/g/media/a.png", alt: "A cat" } },
      { type: "list_item", text: "item", ordered: false },
    ]);
    expect(blocks.every((block) => /^b[0-9a-z]+$/.test(block.id))).toBe(true);
    expect(canonicalText(blocks)).toBe("Title\n\nGo there now\n\nitem");
  });

  it("drops marks when cleaning changed the text inside", () => {
    const [block] = finaliseBlocks([{ type: "paragraph", text: "a\u200bb  c", marks: [{ type: "em", start: 0, end: 2 }] }]);
    expect(block).toMatchObject({ text: "ab c" });
    expect(block!.marks).toBeUndefined();
  });
});

describe("schemas", () => {
  it("refuses blocks of unknown types and marks that cover nothing", () => {
    expect(draftBlockSchema.safeParse({ type: "script", text: "x" }).success).toBe(false);
    expect(draftBlockSchema.safeParse({ type: "paragraph", text: "x", marks: [{ type: "em", start: 2, end: 2 }] }).success).toBe(false);
  });

  it("checks details", () => {
    const good = { title: "T", author: "", sourceName: "", sourceUrl: "https://example.org/a", publishedOn: "2024-02-29", language: "es" };
    expect(articleDetailsSchema.parse(good)).toEqual(good);
    expect(articleDetailsSchema.safeParse({ ...good, title: "  " }).success).toBe(false);
    expect(articleDetailsSchema.safeParse({ ...good, sourceUrl: "javascript:alert(1)" }).success).toBe(false);
    expect(articleDetailsSchema.safeParse({ ...good, publishedOn: "2024-02-30" }).success).toBe(false);
  });
});
