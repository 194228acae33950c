import { describe, expect, it } from "vitest";
import { joinLines, layoutPdf, type PdfPageText, type PdfTextItem } from "./pdf-layout";

// Pages are described as lines placed by hand, the way a PDF places them; widths are estimated
// at half an em per character, as for a proportional font.
type Place = { x?: number; y: number; size?: number; bold?: boolean; width?: number };

function item(text: string, { x = 72, y, size = 10, bold = false, width }: Place): PdfTextItem {
  return { text, x, y, width: width ?? text.length * size * 0.5, height: size, fontSize: size, fontName: bold ? "Times-Bold" : "Times-Roman", bold, italic: false };
}

function page(number: number, items: PdfTextItem[], label?: string): PdfPageText {
  return { number, width: 612, height: 792, items, ...(label && { label }) };
}

/** Lines of body text from y, 12 points apart, each as wide as a full line of a 468-point column unless it ends the paragraph. */
function lines(texts: string[], from: number, options: { x?: number; full?: number; last?: "short" | "full" } = {}): PdfTextItem[] {
  const full = options.full ?? 468;
  return texts.map((text, index) => {
    const last = index === texts.length - 1 && options.last !== "full";
    return item(text, { x: options.x ?? 72, y: from + index * 12, width: last ? Math.min(text.length * 5, full * 0.6) : full });
  });
}

describe("layoutPdf", () => {
  it("finds the title and headings by size and weight, and rejoins wrapped lines and hyphenated words", () => {
    const result = layoutPdf({
      pages: [
        page(1, [
          item("The Night Shift", { y: 90, size: 22, bold: true }),
          item("How it started", { y: 130, size: 14, bold: true }),
          ...lines(
            ["It began with a memo that nobody at the central branch had read", "before it was posted; the staff found it on a Mon-", "day morning and called a meeting."],
            150,
          ),
          item("What we asked for", { y: 210, bold: true }),
          ...lines(["A second person on every night shift and a key to the staff room."], 226),
        ]),
      ],
    });
    expect(result.details.title).toBe("The Night Shift");
    expect(result.blocks).toEqual([
      { type: "heading", level: 2, text: "How it started", page: "1" },
      {
        type: "paragraph",
        text: "It began with a memo that nobody at the central branch had read before it was posted; the staff found it on a Monday morning and called a meeting.",
        page: "1",
      },
      { type: "heading", level: 3, text: "What we asked for", page: "1" },
      { type: "paragraph", text: "A second person on every night shift and a key to the staff room.", page: "1" },
    ]);
  });

  it("reads two columns left then right, a paragraph running on from one column to the next", () => {
    const left = [
      ...lines(["A first paragraph on the left, with enough", "words to make two lines."], 100, { full: 220 }),
      ...lines(["The second paragraph opens the text and", "runs down the page until the column ends,", "and the sentence goes on"], 136, { full: 220, last: "full" }),
    ];
    const right = [
      ...lines(["in the second column without a break."], 100, { x: 320, full: 220 }),
      ...lines(["A new paragraph starts here and takes", "two lines of the right column."], 112, { x: 320, full: 220 }),
    ];
    const spanning = item("A Title Over Both Columns", { y: 70, size: 16, bold: true, width: 400 });
    const result = layoutPdf({ pages: [page(1, [spanning, ...right, ...left])] });
    expect(result.details.title).toBe("A Title Over Both Columns");
    expect(result.blocks.map((block) => block.text)).toEqual([
      "A first paragraph on the left, with enough words to make two lines.",
      "The second paragraph opens the text and runs down the page until the column ends, and the sentence goes on in the second column without a break.",
      "A new paragraph starts here and takes two lines of the right column.",
    ]);
  });

  it("leaves out running heads, footers and page numbers, and labels pages with the printed numbers", () => {
    const pages = [14, 15, 16, 17].map((printed, index) =>
      page(index + 1, [
        item(index % 2 === 0 ? "UNION CONTRACT 2024" : "Article 3 · Wages", { y: 40, size: 8 }),
        ...lines([`Body text of page ${printed}, long enough to be a real line of text in`, `the contract, ending here.`], 100),
        item(String(printed), { x: 300, y: 760, size: 8 }),
      ]),
    );
    const result = layoutPdf({ pages });
    expect(result.blocks.map((block) => [block.text, block.page])).toEqual([
      ["Body text of page 14, long enough to be a real line of text in the contract, ending here.", "14"],
      ["Body text of page 15, long enough to be a real line of text in the contract, ending here.", "15"],
      ["Body text of page 16, long enough to be a real line of text in the contract, ending here.", "16"],
      ["Body text of page 17, long enough to be a real line of text in the contract, ending here.", "17"],
    ]);
    expect(JSON.stringify(result.blocks)).not.toMatch(/UNION CONTRACT|Wages/);
  });

  it("prefers the PDF's own page labels", () => {
    const result = layoutPdf({ pages: [page(1, lines(["Preface text that is long enough to count."], 100), "xi")] });
    expect(result.blocks[0]!.page).toBe("xi");
  });

  it("joins a paragraph across a page break and records where the new page begins", () => {
    const result = layoutPdf({
      pages: [
        page(1, lines(["A paragraph that begins at the foot of the first page and does", "not end there but runs on to"], 700, { last: "full" })),
        page(2, [...lines(["the top of the next one, where it ends."], 72), ...lines(["Then a new paragraph begins on page two and ends."], 84)]),
      ],
    });
    const first = result.blocks[0]!;
    expect(first.text).toBe("A paragraph that begins at the foot of the first page and does not end there but runs on to the top of the next one, where it ends.");
    expect(first.page).toBe("1");
    expect(first.pageBreaks).toEqual([{ at: first.text.indexOf("the top"), page: "2" }]);
  });

  it("marks a page that begins in the middle of a hyphenated word where the word begins", () => {
    const result = layoutPdf({
      pages: [page(1, lines(["A sentence that runs to the foot of the page and on to its agree-"], 700, { last: "full" })), page(2, lines(["ment on the next page."], 72))],
    });
    expect(result.blocks[0]).toMatchObject({ text: "A sentence that runs to the foot of the page and on to its agreement on the next page.", pageBreaks: [{ at: 59, page: "2" }] });
  });

  it("keeps footnotes as notes after the paragraph they interrupt, without mixing them into the text", () => {
    const result = layoutPdf({
      pages: [
        page(1, [
          ...lines(["The agreement of 1921 set the night rate,1 which the council", "has since tried to lower."], 100),
          ...lines(["A second paragraph, to make the body size the common one in", "this page, and long enough for it."], 140),
          item("1 See the minutes of the 1921 meeting, kept in the", { y: 720, size: 8, width: 300 }),
          item("union archive.", { y: 730, size: 8 }),
          item("2 A second note.", { y: 742, size: 8 }),
        ]),
      ],
    });
    expect(result.blocks.map((block) => [block.type, block.text])).toEqual([
      ["paragraph", "The agreement of 1921 set the night rate,1 which the council has since tried to lower."],
      ["paragraph", "A second paragraph, to make the body size the common one in this page, and long enough for it."],
      ["note", "1 See the minutes of the 1921 meeting, kept in the union archive."],
      ["note", "2 A second note."],
    ]);
  });

  it("types figure captions, list items and indented quotations", () => {
    const result = layoutPdf({
      pages: [
        page(1, [
          ...lines(["Members were asked three things before the vote was held in the", "hall:"], 100),
          ...lines(["• whether to strike;"], 130),
          ...lines(["• when to start."], 142),
          ...lines(["Figure 2. The hall on the night of the vote."], 170),
          ...lines(["“We do not ask for favours, we ask for the hours we", "already work to be paid,” the secretary said."], 200, { x: 110, full: 400 }),
          ...lines(["After the vote the meeting ended and everybody went back home."], 240),
        ]),
      ],
    });
    expect(result.blocks.map((block) => block.type)).toEqual(["paragraph", "list_item", "list_item", "caption", "quote", "paragraph"]);
    expect(result.blocks[1]!.text).toBe("whether to strike;");
  });

  it("names the pages without text (a scan) and reads the others", () => {
    const result = layoutPdf({ pages: [page(1, lines(["A page with a text layer, long enough to be read."], 100)), page(2, [])] });
    expect(result.pagesWithoutText).toEqual(["2"]);
    expect(result.blocks).toHaveLength(1);
    expect(layoutPdf({ pages: [page(1, []), page(2, [item("3", { y: 700 })])] }).pagesWithoutText).toEqual(["1", "2"]);
  });
});

describe("joinLines", () => {
  it("joins words hyphenated at a line end, keeps real hyphens and dashes", () => {
    expect(joinLines(["a meet-", "ing"])).toBe("a meeting");
    expect(joinLines(["a self-", "organised group"])).toBe("a self-organised group");
    expect(joinLines(["the 1921–", "1923 strikes"])).toBe("the 1921–1923 strikes");
    expect(joinLines(["North-", "West"])).toBe("North-West");
    expect(joinLines(["soft\u00ad", "hyphen"])).toBe("softhyphen");
  });
});
