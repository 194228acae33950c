import { describe, expect, it } from "vitest";
import { judgePage, parseTaggedPage, readCorpus, scoreJudgements, type CorpusPart, type LineKind } from "./import-corpus";
import { importPlainText } from "./plain-text-import";

function scores(part: CorpusPart): Map<LineKind, { precision: number; recall: number }> {
  const judgements = readCorpus(part).flatMap((page) => judgePage(page, importPlainText(page.pasted)));
  return new Map(scoreJudgements(judgements).map((score) => [score.kind, score]));
}

describe.each(["tuning", "held-out"] as const)("plain-text import on the %s corpus", (part) => {
  const figures = scores(part);

  it("has pages in English and Spanish", () => {
    const names = readCorpus(part).map((page) => page.name);
    expect(names.some((name) => name.startsWith("en-"))).toBe(true);
    expect(names.some((name) => name.startsWith("es-"))).toBe(true);
  });

  it("finds headings (recall ≥ 0.95, precision ≥ 0.9)", () => {
    expect(figures.get("heading")!.recall).toBeGreaterThanOrEqual(0.95);
    expect(figures.get("heading")!.precision).toBeGreaterThanOrEqual(0.9);
  });

  it("types photo captions as captions (recall ≥ 0.85)", () => expect(figures.get("caption")!.recall).toBeGreaterThanOrEqual(0.85));

  it("flags page furniture and left-overs (≥ 0.9)", () => expect(figures.get("leftover")!.recall).toBeGreaterThanOrEqual(0.9));
});

describe("the corpus", () => {
  it("holds at least eight pages", () => expect(readCorpus().length).toBeGreaterThanOrEqual(8));

  it("reads tags, joins wrapped lines and drops markers", () => {
    const page = parseTaggedPage("x.txt", "tuning", "t|Title\n\np|One line\n+|and the next.\nli|- item\nq|> quoted");
    expect(page.pasted).toBe("Title\n\nOne line\nand the next.\n- item\n> quoted");
    expect(page.expected).toEqual([
      { text: "Title", kind: "title" },
      { text: "One line and the next.", kind: "paragraph" },
      { text: "item", kind: "list_item" },
      { text: "quoted", kind: "quote" },
    ]);
  });

  it("refuses an untagged line", () => expect(() => parseTaggedPage("x.txt", "tuning", "no tag here")).toThrow(/x.txt:1/));

  it("counts a merged block as a miss and as a wrong guess", () => {
    const page = parseTaggedPage("x.txt", "tuning", "h|Heading\np|Body.");
    const judgements = judgePage(page, { blocks: [{ type: "paragraph", text: "Heading Body." }], details: {} });
    expect(judgements.map((judgement) => [judgement.expected, judgement.guessed])).toEqual([
      ["heading", "missing"],
      ["paragraph", "missing"],
      ["none", "paragraph"],
    ]);
  });
});
