import { readFileSync } from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { canonicalText, placeBlocks, type Block } from "@/lib/article/blocks";
import { finaliseBlocks } from "@/lib/article/draft";
import { fixture } from "@/lib/article/fixtures";
import { longMarkdownArticle } from "@/lib/article/fixtures/long-article";
import { importHtml } from "@/lib/article/html-import";
import { importMarkdown } from "@/lib/article/markdown-import";
import { importPlainText } from "@/lib/article/plain-text-import";
import { Reader } from "./reader/reader";

const labels = {
  controls: { settings: "Reading settings", textSize: "Text size", smaller: "Smaller", larger: "Larger", sizePattern: "{percent}%", darkTheme: "Dark", print: "Print" },
  contents: "Contents",
  readingTime: (minutes: number) => `${minutes} min`,
  published: (date: string) => `Published ${date}`,
  text: { paragraph: "Paragraph {n}", page: "Page {page}", pageShort: "p. {page}" },
};
const article = { title: "T", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en" };

// Marks that nest, overlap, touch the ends and sit on characters outside the BMP.
const tricky: Block[] = finaliseBlocks([
  {
    type: "paragraph",
    text: "Emoji 🙂 and café, naïve, ñandú — “quotes” <b>not markup</b> & ampersands.",
    marks: [
      { type: "strong", start: 0, end: 8 },
      { type: "em", start: 6, end: 20 },
      { type: "link", start: 15, end: 40, href: "https://example.org/" },
      { type: "code", start: 57, end: 71 },
    ],
  },
  { type: "heading", text: "Heading with *stars*", level: 3 },
  { type: "image", text: "", image: { src: "/groups/x/media/a.png", alt: "An image" } },
  { type: "caption", text: "A caption." },
  { type: "list_item", text: "One", ordered: true },
  { type: "list_item", text: "Two", ordered: true },
  { type: "quote", text: "Quoted   text" },
]);

// A document with pages: a page that begins inside a marked paragraph, one that begins with a block, a note.
const paged: Block[] = finaliseBlocks([
  { type: "heading", text: "Wages", level: 2, page: "13" },
  {
    type: "paragraph",
    text: "Begins on thirteen and ends on fourteen, in bold.",
    page: "13",
    pageBreaks: [{ at: 19, page: "14" }],
    marks: [{ type: "strong", start: 10, end: 30 }],
  },
  { type: "note", text: "1 A note at the foot of page fourteen.", page: "14" },
  { type: "paragraph", text: "All on fifteen.", page: "15" },
]);

const cases: [string, Block[]][] = [
  ["the messy plain-text dump", finaliseBlocks(importPlainText(fixture("messy-web-copy.txt")).blocks)],
  ["the Markdown article", finaliseBlocks(importMarkdown(fixture("markdown-article.md")).blocks)],
  ["the HTML news page", finaliseBlocks(importHtml(fixture("news-page.html"), { baseUrl: "https://diario.example.org/a" }).blocks)],
  ["the demo article", finaliseBlocks(importMarkdown(readFileSync(path.join(import.meta.dirname, "../../db/demo/reading-rooms.md"), "utf8")).blocks)],
  ["a 5,000-word generated article", finaliseBlocks(importMarkdown(longMarkdownArticle(5000)).blocks)],
  ["tricky marks and characters", tricky],
  ["a document with pages", paged],
];

describe("the reader's rendered text equals the canonical text, block by block", () => {
  it.each(cases)("%s", (_name, blocks) => {
    const html = renderToStaticMarkup(<Reader article={article} blocks={blocks} labels={labels} textSize={100} theme="light" formatDate={(date) => date} />);
    const document = new JSDOM(html).window.document;
    const placed = placeBlocks(blocks);
    const canonical = canonicalText(blocks);
    expect(placed.length).toBeGreaterThan(0);
    for (const { block, start, end } of placed) {
      const elements = document.querySelectorAll(`[data-block-id="${block.id}"]`);
      expect(elements).toHaveLength(1);
      const texts = elements[0]!.querySelectorAll("[data-block-text]");
      expect(texts).toHaveLength(1);
      expect(texts[0]!.textContent).toBe(block.text);
      expect(canonical.slice(start, end)).toBe(block.text);
    }
    const rendered = [...document.querySelectorAll("[data-block-text]")].map((element) => element.textContent).join("\n\n");
    expect(rendered).toBe(canonical);
    expect(document.querySelectorAll("[data-block-id]")).toHaveLength(blocks.filter((block) => block.type !== "image" || block.image?.src.startsWith("/")).length);
  });

  it("numbers paragraphs in the margin, outside the text, with p-n anchors", async () => {
    const html = renderToStaticMarkup(<Reader article={article} blocks={cases[0]![1]} labels={labels} textSize={100} theme="light" formatDate={(date) => date} />);
    const document = new JSDOM(html).window.document;
    const fourteen = document.getElementById("p-14")!;
    expect(fourteen.querySelector("[data-paragraph-number]")!.textContent).toBe("14");
    expect(fourteen.querySelector("[data-block-text]")!.textContent).not.toContain("14");
    expect(document.querySelectorAll("nav[aria-label='Contents'] a")).toHaveLength(5);
  });

  it("marks where each source page begins, without adding text, with page-n anchors", () => {
    const html = renderToStaticMarkup(<Reader article={article} blocks={paged} labels={labels} textSize={100} theme="light" formatDate={(date) => date} />);
    const document = new JSDOM(html).window.document;
    const markers = [...document.querySelectorAll(".page-start")];
    expect(markers.map((marker) => [marker.id, marker.getAttribute("aria-label"), marker.getAttribute("data-page"), marker.textContent])).toEqual([
      ["page-13", "Page 13", "p. 13", ""],
      ["page-14", "Page 14", "p. 14", ""],
      ["page-15", "Page 15", "p. 15", ""],
    ]);
    const fourteen = document.getElementById("page-14")!;
    expect(fourteen.closest("[data-block-text]")!.textContent).toBe(paged[1]!.text);
    expect(fourteen.nextSibling?.textContent).toBe("and ends on");
    expect(document.querySelector(".article")!.classList.contains("article-paged")).toBe(true);
  });
});
