import type { ImportResult } from "../../lib/article/draft";
import { importEpub } from "../../lib/article/epub-import";
import { importHtml } from "../../lib/article/html-import";
import { importFailure } from "../../lib/article/import-failure";
import { importLimits } from "../../lib/article/limits";
import { layoutPdf } from "../../lib/article/pdf-layout";
import type { DocumentFormat } from "../../lib/article/source-format";
import { defaultExtractLimits, extractDocument, type ExtractLimits } from "./extract";

const PDF_SIGNATURE = "%PDF-";
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a PDF, EPUB or Word document into draft blocks for the same preview as every other
 * source. The file is taken apart in a worker (see extract.ts); its text then goes through the
 * PDF layout analysis, or the HTML path that pages and uploads already take.
 */
export async function readDocument(format: DocumentFormat, bytes: Uint8Array, limits: ExtractLimits = defaultExtractLimits): Promise<ImportResult> {
  if (bytes.length === 0) throw importFailure("empty", "The file is empty.");
  if (bytes.length > importLimits.documentBytes) throw importFailure("tooLarge", "The file is larger than the limit.", { megabytes: importLimits.documentBytes / (1024 * 1024) });
  if (format === "pdf") return readPdf(bytes, limits);
  if (!ZIP_SIGNATURE.every((byte, index) => bytes[index] === byte)) throw importFailure("malformed", "The file is not the kind of document its name says.");
  if (format === "docx") {
    const { html } = await extractDocument("docx", bytes, limits);
    return importHtml(wordNotes(html), { whole: true });
  }
  const { files } = await extractDocument("epub", bytes, limits);
  return importEpub(files);
}

async function readPdf(bytes: Uint8Array, limits: ExtractLimits): Promise<ImportResult> {
  // The signature may follow a little junk, as readers allow; anything else is not a PDF.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (!head.includes(PDF_SIGNATURE)) throw importFailure("malformed", "The file is not a PDF.");
  const text = await extractDocument("pdf", bytes, limits);
  const result = layoutPdf(text);
  const hasText = result.blocks.some((block) => block.type !== "image" && block.text.trim());
  if (!hasText || result.pagesWithoutText.length === result.pageCount) throw importFailure("scannedPdf", "This PDF is a scan: it has no text to read.");
  return { blocks: result.blocks, details: result.details, ...(result.pagesWithoutText.length > 0 && { notices: { pagesWithoutText: result.pagesWithoutText } }) };
}

// Word's footnotes come out of mammoth as a numbered list at the end with a "↑" link back to
// each reference: they become notes that carry their number, without the link.
function wordNotes(html: string): string {
  return html
    .replace(
      /<li id="((?:foot|end)note-(\d+))">(\s*<p>)?/g,
      (_match, id: string, number: string, paragraph: string | undefined) => `<li id="${id}" data-sc-note="">${paragraph ?? ""}${number} `,
    )
    .replace(/\s*<a href="#(?:foot|end)note-ref-\d+">↑<\/a>/g, "");
}
