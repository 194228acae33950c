/** The bounds every import respects; the interface states the file limit. */
export const importLimits = {
  /** Largest text file (.txt, .md, .html) a person may upload. */
  fileBytes: 5 * 1024 * 1024,
  /** Largest document (.pdf, .epub, .docx) a person may upload. */
  documentBytes: 20 * 1024 * 1024,
  /** Most pages of a PDF. */
  pdfPages: 500,
  /** Time allowed to take one document apart. */
  documentMs: 60_000,
  /** Memory the worker that takes a document apart may use, in MB. */
  documentMemoryMb: 768,
  /** Most bytes an EPUB's text and images may unpack to. */
  unpackedBytes: 80 * 1024 * 1024,
  /** Largest page the server downloads from a URL. */
  pageBytes: 5 * 1024 * 1024,
  /** Largest image the server stores. */
  imageBytes: 8 * 1024 * 1024,
  /** Most images one article may store. */
  images: 60,
  /** Most redirects a URL may take. */
  redirects: 5,
  /** Time allowed to fetch a page, redirects included, unless configured otherwise. */
  fetchTimeoutMs: 15_000,
  /** Most characters of pasted text. */
  pasteChars: 5_000_000,
} as const;

/** The file size limit in whole megabytes, for messages. */
export const fileLimitMegabytes = Math.round(importLimits.fileBytes / (1024 * 1024));

/** The document size limit in whole megabytes, for messages. */
export const documentLimitMegabytes = Math.round(importLimits.documentBytes / (1024 * 1024));
