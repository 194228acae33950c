import type { ImportResult } from "../../lib/article/draft";
import { hasText, importText, type PasteFormat } from "../../lib/article/import";
import { importFailure } from "../../lib/article/import-failure";
import { importLimits } from "../../lib/article/limits";
import { documentFormatFromFileName, formatFromContentType, formatFromFileName, type SourceFormat } from "../../lib/article/source-format";
import { declaredHtmlCharset, decodeTextFile } from "../../lib/article/text-file";
import { readDocument } from "../article-files/read-document";
import { fetchUrl } from "./fetch-url";
import type { FetchSettings } from "./settings";

/** Where a person's article comes from: pasted text, an uploaded file, or a web address. */
export type ImportSource = { kind: "paste"; text: string; format: PasteFormat } | { kind: "file"; name: string; bytes: Uint8Array } | { kind: "url"; url: string };

/** Reads a source into draft blocks and details for the preview; nothing is saved. Refuses bad input with a clear reason. */
export async function readSource(source: ImportSource, settings: FetchSettings): Promise<ImportResult> {
  const result = await readAny(source, settings);
  if (!hasText(result)) throw importFailure("empty", "No article text was found.");
  return result;
}

async function readAny(source: ImportSource, settings: FetchSettings): Promise<ImportResult> {
  switch (source.kind) {
    case "paste":
      if (!source.text.trim()) throw importFailure("empty", "There is no text to import.");
      if (source.text.length > importLimits.pasteChars) throw importFailure("tooLarge", "The text is too long.", { megabytes: importLimits.pasteChars / 1_000_000 });
      return importText(source.text, source.format);
    case "file":
      return readFile(source.name, source.bytes);
    case "url":
      return readUrl(source.url, settings);
  }
}

async function readFile(name: string, bytes: Uint8Array): Promise<ImportResult> {
  const document = documentFormatFromFileName(name);
  if (document) return readDocument(document, bytes);
  if (bytes.length > importLimits.fileBytes) throw importFailure("tooLarge", "The file is larger than the limit.", { megabytes: importLimits.fileBytes / (1024 * 1024) });
  const format = formatFromFileName(name);
  if (!format) throw importFailure("unsupportedFile", "Only .pdf, .epub, .docx, .txt, .md and .html files can be imported.");
  return importText(decode(bytes, format), format);
}

async function readUrl(url: string, settings: FetchSettings): Promise<ImportResult> {
  const page = await fetchUrl(url, {
    timeoutMs: settings.timeoutMs,
    maxBytes: importLimits.pageBytes,
    maxRedirects: importLimits.redirects,
    allowedNetworks: settings.allowedNetworks,
    accept: "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8",
  });
  const format = formatFromContentType(page.contentType) ?? (page.contentType ? undefined : formatFromFileName(new URL(page.url).pathname));
  if (!format)
    throw importFailure("notAPage", `That address gives ${page.contentType || "something"} rather than a web page or text.`, { type: page.contentType.split(";")[0] ?? "" });
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(page.contentType)?.[1];
  const result = importText(decode(page.bytes, format, charset), format, { baseUrl: page.url });
  const host = new URL(page.url).hostname.replace(/^www\./, "");
  return { blocks: result.blocks, details: { sourceName: host, ...result.details, sourceUrl: page.url } };
}

function decode(bytes: Uint8Array, format: SourceFormat, charset?: string): string {
  const decoded = decodeTextFile(bytes, charset ?? (format === "html" ? declaredHtmlCharset(bytes) : undefined));
  if (!decoded.ok && decoded.reason === "binary") throw importFailure("notText", "This is not a text file.");
  if (!decoded.ok) throw importFailure("empty", "There is no text to import.");
  return decoded.text;
}
