import type { ImportResult } from "./draft";
import { importHtml } from "./html-import";
import { importMarkdown } from "./markdown-import";
import { importPlainText } from "./plain-text-import";
import { looksLikeHtml, looksLikeMarkdown, type SourceFormat } from "./source-format";

/** How pasted text should be read: as the person said, or guessed. */
export type PasteFormat = SourceFormat | "auto";

/**
 * Imports text in any format we understand into draft blocks and detected details: the one
 * entry point for paste, upload and URL. "auto" tells Markdown from plain text; text that
 * claims to be HTML but has no markup is read as plain text.
 */
export function importText(text: string, format: PasteFormat, options: { baseUrl?: string } = {}): ImportResult {
  if (format === "html" || (format === "auto" && looksLikeHtml(text))) {
    if (looksLikeHtml(text)) return importHtml(text, options);
    return importPlainText(text);
  }
  if (format === "markdown" || (format === "auto" && looksLikeMarkdown(text))) return importMarkdown(text);
  return importPlainText(text);
}

/** Whether an import found any text to read (images alone do not make an article). */
export function hasText(result: ImportResult): boolean {
  return result.blocks.some((block) => block.type !== "image" && block.text.trim().length > 0);
}
