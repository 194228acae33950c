/** The kinds of text an importer understands. */
export type SourceFormat = "plain" | "markdown" | "html";

/** The format a file's name declares, or undefined for a type we do not import. */
export function formatFromFileName(name: string): SourceFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  if (extension === "txt" || extension === "text") return "plain";
  if (extension === "md" || extension === "markdown" || extension === "mdown") return "markdown";
  if (extension === "html" || extension === "htm" || extension === "xhtml") return "html";
  return undefined;
}

/** The documents with their own structure that an importer takes apart: PDF, EPUB and Word. */
export type DocumentFormat = "pdf" | "epub" | "docx";

/** The document format a file's name declares, or undefined for one that is not a document we read. */
export function documentFormatFromFileName(name: string): DocumentFormat | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  return extension === "pdf" || extension === "epub" || extension === "docx" ? extension : undefined;
}

/** The file types the upload field offers. */
export const acceptedFileTypes = [
  ".pdf",
  ".epub",
  ".docx",
  ".txt",
  ".text",
  ".md",
  ".markdown",
  ".html",
  ".htm",
  "application/pdf",
  "application/epub+zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "text/plain",
  "text/markdown",
  "text/html",
].join(",");

/** The format a response's Content-Type declares, or undefined for anything that is not text. */
export function formatFromContentType(contentType: string): SourceFormat | undefined {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type === "text/markdown" || type === "text/x-markdown") return "markdown";
  if (type === "text/plain") return "plain";
  return undefined;
}

/** Whether pasted text is more likely Markdown than plain text copied from a page. */
export function looksLikeMarkdown(text: string): boolean {
  const sample = text.slice(0, 200_000);
  let score = 0;
  score += 2 * (sample.match(/^#{1,6}\s+\S/gm)?.length ?? 0);
  score += 2 * (sample.match(/!?\[[^\]\n]+\]\([^)\s]+\)/g)?.length ?? 0);
  score += sample.match(/\*\*[^*\n]+\*\*|__[^_\n]+__/g)?.length ?? 0;
  score += sample.match(/^```/gm)?.length ?? 0;
  return score >= 2;
}

/** Whether a text that claims to be HTML really is markup rather than a renamed text file. */
export function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype html|html|body|p|div|article|h[1-6])[\s>]/i.test(text.slice(0, 100_000));
}
