import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures";
import { blocksFromMarkdown, importMarkdown } from "./markdown-import";

describe("importMarkdown on an article", () => {
  const result = importMarkdown(fixture("markdown-article.md"));

  it("takes the leading # heading as the title", () => {
    expect(result.details).toEqual({ title: "Notes on Running a Reading Group", language: "en" });
  });

  it("keeps the structure: headings with levels, lists, quotes, image with its caption", () => {
    expect(result.blocks.map((block) => [block.type, block.level ?? block.ordered ?? null])).toEqual([
      ["paragraph", null],
      ["heading", 2],
      ["paragraph", null],
      ["image", null],
      ["caption", null],
      ["heading", 3],
      ["list_item", true],
      ["list_item", true],
      ["list_item", true],
      ["quote", null],
      ["heading", 2],
      ["list_item", false],
      ["list_item", false],
      ["list_item", false],
      ["paragraph", null],
      ["paragraph", null],
      ["heading", 2],
      ["paragraph", null],
    ]);
  });

  it("keeps inline marks at the right offsets and only safe links", () => {
    const [intro, , choosing, image, caption] = result.blocks;
    expect(intro!.text.slice(intro!.marks![0]!.start, intro!.marks![0]!.end)).toBe("who is reading what, by when");
    const link = choosing!.marks!.find((mark) => mark.type === "link")!;
    expect(choosing!.text.slice(link.start, link.end)).toBe("discussion guide");
    expect(link.href).toBe("https://example.org/guide");
    expect(image!.image).toEqual({ src: "https://images.example.org/table.jpg", alt: "A long table with open books and cups of tea" });
    expect(caption!.text).toBe("The long table at the Thursday group, before anyone arrives.");
    expect(caption!.marks).toBeUndefined();
    const unsafe = result.blocks.find((block) => block.text.includes("bad link"))!;
    expect(unsafe.marks?.some((mark) => mark.type === "link")).toBeFalsy();
  });

  it("joins a quote's lines and soft line breaks into one block each", () => {
    expect(result.blocks.find((block) => block.type === "quote")!.text).toBe("The best discussions we had were about four pages. We read them three times.");
  });
});

describe("blocksFromMarkdown", () => {
  it("gives the same ids to the same text", () => {
    const first = blocksFromMarkdown("## A\n\nSame text.\n\nSame text.");
    const second = blocksFromMarkdown("## A\n\nSame text.\n\nSame text.");
    expect(first.map((block) => block.id)).toEqual(second.map((block) => block.id));
    expect(new Set(first.map((block) => block.id)).size).toBe(3);
  });
});
