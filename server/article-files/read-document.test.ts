import { describe, expect, it } from "vitest";
import {
  malformedPdf,
  sampleAuthor,
  sampleCaption,
  sampleDocx,
  sampleEpub,
  sampleNotes,
  samplePdf,
  sampleSections,
  sampleTitle,
  scannedPdf,
  runningHead,
} from "../../lib/article/fixtures/documents";
import { importFailureReason } from "../../lib/article/import-failure.test-support";
import { defaultExtractLimits } from "./extract";
import { readDocument } from "./read-document";

// Each document is taken apart in a worker thread that loads pdfjs or mammoth afresh: seconds, not milliseconds, on a busy machine.
const slow = { timeout: 60_000 };

const paragraphs = sampleSections.flatMap((section) => section.paragraphs);
const headings = sampleSections.map((section) => section.heading);

describe("reading a PDF", slow, () => {
  it.each([1, 2] as const)("rebuilds a %i-column PDF's text exactly: headings, paragraphs, hyphenated words, caption, note, pages", async (columns) => {
    // One column written line by line, two columns word by word: both ways PDFs are made.
    const pdf = await samplePdf({ columns, scannedPage: true, runs: columns === 2 ? "word" : "line" });
    expect(pdf.hyphenated.length).toBeGreaterThan(0);
    const result = await readDocument("pdf", pdf.bytes);
    expect(result.details).toMatchObject({ title: sampleTitle, author: sampleAuthor, language: "en" });
    const of = (type: string) => result.blocks.filter((block) => block.type === type).map((block) => block.text);
    expect(of("heading")).toEqual(headings);
    expect(of("paragraph")).toEqual(paragraphs);
    expect(of("caption")).toEqual([sampleCaption]);
    expect(of("note")).toEqual(pdf.notes);
    expect(of("note")[0]).toBe(`1 ${sampleNotes[0]}`);
    const all = result.blocks.map((block) => block.text).join("\n");
    expect(all).not.toContain(runningHead);
    for (const word of pdf.hyphenated) expect(all).toContain(word);
    // Printed page numbers from 14; the third page is a scan.
    expect(result.blocks[0]!.page).toBe("14");
    expect(result.blocks.some((block) => block.page === "15" || block.pageBreaks?.some((pageBreak) => pageBreak.page === "15"))).toBe(true);
    expect(result.notices).toEqual({ pagesWithoutText: ["16"] });
  });

  it("refuses a scan without text, a damaged file, a file that is not a PDF, and too many pages", async () => {
    expect(await importFailureReason(readDocument("pdf", await scannedPdf()))).toBe("scannedPdf");
    expect(await importFailureReason(readDocument("pdf", malformedPdf()))).toBe("malformed");
    expect(await importFailureReason(readDocument("pdf", new TextEncoder().encode("just some text")))).toBe("malformed");
    expect(await importFailureReason(readDocument("pdf", new Uint8Array()))).toBe("empty");
    const { bytes } = await samplePdf();
    expect(await importFailureReason(readDocument("pdf", bytes, { ...defaultExtractLimits, maxPages: 1 }))).toBe("tooManyPages");
    expect(await importFailureReason(readDocument("pdf", bytes, { ...defaultExtractLimits, timeoutMs: 5 }))).toBe("documentTimeout");
  });
});

describe("reading a Word file", slow, () => {
  it("takes the title, headings from Word's styles, the quotation and the footnote", async () => {
    const result = await readDocument("docx", await sampleDocx());
    expect(result.details.title).toBe(sampleTitle);
    expect(result.blocks.filter((block) => block.type === "heading").map((block) => block.text)).toEqual(headings);
    expect(result.blocks.find((block) => block.type === "quote")?.text).toBe("“We are not asking for favours.”");
    expect(result.blocks.filter((block) => block.type === "note").map((block) => block.text)).toEqual([`1 ${sampleNotes[0]}`]);
    expect(result.blocks.filter((block) => block.type === "paragraph")[0]!.text).toBe(`${paragraphs[0]}[1]`);
  });

  it("refuses a damaged file", async () => {
    expect(await importFailureReason(readDocument("docx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).toBe("malformed");
    expect(await importFailureReason(readDocument("docx", new TextEncoder().encode("not a zip")))).toBe("malformed");
  });
});

describe("reading an EPUB", slow, () => {
  it("reads the spine in order with the book's details, page breaks and notes", async () => {
    const result = await readDocument("epub", sampleEpub());
    expect(result.details).toMatchObject({ title: sampleTitle, author: sampleAuthor, language: "en", publishedOn: "2024-03-01" });
    expect(result.blocks.filter((block) => block.type === "paragraph").map((block) => block.text)).toEqual(paragraphs.slice(0, 7));
    expect(result.blocks.map((block) => block.page)).toEqual(["14", "14", "14", "15", "15", "16", "16", "16", "17", "17", "17"]);
    const second = result.blocks[2]!;
    expect(second.pageBreaks).toEqual([{ at: second.text.indexOf(" and they agreed"), page: "15" }]);
    expect(result.blocks[4]).toEqual({ type: "note", text: `1 ${sampleNotes[0]}`, page: "15" });
  });

  it("refuses a zip that is not a book", async () => {
    const { zipSync, strToU8 } = await import("fflate");
    expect(await importFailureReason(readDocument("epub", zipSync({ "hello.txt": strToU8("hi") })))).toBe("malformed");
  });
});
