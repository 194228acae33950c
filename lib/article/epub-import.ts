import { JSDOM } from "jsdom";
import { sniffImageType } from "./image-type";
import type { ArticleDetails, DraftBlock, ImportResult } from "./draft";
import { guessLanguage } from "./heuristics";
import { importHtml, NOTE_ATTRIBUTE, PAGE_MARKER_ATTRIBUTE } from "./html-import";
import { importFailure } from "./import-failure";
import { importLimits } from "./limits";
import { cleanPageLabel } from "./pages";

// An EPUB is a zip of XHTML chapters, listed in reading order by its package file (the OPF's
// spine). Each chapter goes through the same sanitiser and block walker as any HTML; before
// that, the book's page breaks (`epub:type="pagebreak"`, `role="doc-pagebreak"`, or the
// targets of its page list) become page markers, its footnotes become notes, and its images
// become data: addresses that the save step stores like any other image.

const OPS = "http://www.idpf.org/2007/ops";
const DC = "http://purl.org/dc/elements/1.1/";

/** The files of an unpacked EPUB, by path inside the zip. */
export type EpubFiles = Record<string, Uint8Array>;

type Target = { file: string; id: string; label: string };

/** Reads an unpacked EPUB into draft blocks and the book's details. */
export function importEpub(files: EpubFiles): ImportResult {
  const container = xml(files, "META-INF/container.xml");
  const opfPath = container?.querySelector("rootfile")?.getAttribute("full-path");
  const opf = opfPath ? xml(files, opfPath) : undefined;
  if (!opfPath || !opf) throw importFailure("malformed", "The EPUB has no package file.");
  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  for (const item of Array.from(opf.getElementsByTagNameNS("*", "item"))) {
    const id = item.getAttribute("id");
    const href = item.getAttribute("href");
    if (id && href) manifest.set(id, { href: resolvePath(opfPath, href), type: item.getAttribute("media-type") ?? "", properties: item.getAttribute("properties") ?? "" });
  }
  const spine = Array.from(opf.getElementsByTagNameNS("*", "itemref"))
    .map((ref) => manifest.get(ref.getAttribute("idref") ?? ""))
    .filter((item): item is { href: string; type: string; properties: string } => item !== undefined && /html|xml/.test(item.type) && !item.properties.includes("nav"));
  const targets = pageListTargets(files, [...manifest.values()]);

  const blocks: DraftBlock[] = [];
  let page: string | undefined;
  for (const chapter of spine) {
    const document = xhtml(files, chapter.href);
    if (!document?.body) continue;
    markPages(
      document,
      targets.filter((target) => target.file === chapter.href),
    );
    markNotes(document);
    inlineImages(document, files, chapter.href);
    const result = importHtml(document.body.innerHTML, { whole: true, headingIsTitle: false, ...(page !== undefined && { startPage: page }) });
    page = result.lastPage ?? page;
    blocks.push(...result.blocks);
    if (blocks.length > 20_000) break;
  }

  const details: Partial<ArticleDetails> = {};
  const meta = (name: string) => (opf.getElementsByTagNameNS(DC, name)[0]?.textContent ?? "").replace(/\s+/g, " ").trim();
  const title = meta("title");
  if (title) details.title = title.slice(0, 300);
  const author = meta("creator");
  if (author) details.author = author.slice(0, 200);
  const publisher = meta("publisher");
  if (publisher) details.sourceName = publisher.slice(0, 200);
  const date = /^\d{4}-\d{2}-\d{2}/.exec(meta("date"))?.[0];
  if (date) details.publishedOn = date;
  const language = meta("language").toLowerCase().split(/[-_]/)[0] ?? "";
  details.language = /^[a-z]{2,3}$/.test(language)
    ? language
    : guessLanguage(
        blocks
          .slice(0, 200)
          .map((block) => block.text)
          .join(" "),
      );
  if (!details.language) delete details.language;
  // A chapter that opens with the book's title repeats it: the title is in the details.
  const first = blocks.findIndex((block) => block.type !== "image");
  if (title && blocks[first]?.type === "heading" && blocks[first]!.text.toLowerCase() === title.toLowerCase()) blocks.splice(first, 1);
  return { blocks, details };
}

/** The targets of the book's page list: an EPUB 3 navigation document's `page-list`, or an EPUB 2 NCX's `pageList`. */
function pageListTargets(files: EpubFiles, items: { href: string; type: string; properties: string }[]): Target[] {
  const targets: Target[] = [];
  const add = (base: string, href: string | null, label: string | null | undefined) => {
    const clean = cleanPageLabel(label?.replace(/^(?:page|p\.|pág\.?|página)\s*/i, ""));
    if (!href || !clean) return;
    const [file = "", id = ""] = resolvePath(base, href).split("#");
    if (id) targets.push({ file, id: decodeURIComponent(id), label: clean });
  };
  for (const item of items) {
    if (item.properties.split(/\s+/).includes("nav")) {
      const nav = xhtml(files, item.href);
      for (const list of Array.from(nav?.getElementsByTagName("nav") ?? []).filter((element) => epubTypes(element).includes("page-list"))) {
        for (const link of Array.from(list.getElementsByTagName("a"))) add(item.href, link.getAttribute("href"), link.textContent);
      }
    } else if (item.type === "application/x-dtbncx+xml") {
      const ncx = xml(files, item.href);
      for (const target of Array.from(ncx?.getElementsByTagNameNS("*", "pageTarget") ?? [])) {
        const label = target.getElementsByTagNameNS("*", "text")[0]?.textContent ?? target.getAttribute("value");
        add(item.href, target.getElementsByTagNameNS("*", "content")[0]?.getAttribute("src") ?? null, label);
      }
    }
  }
  return targets;
}

/** Replaces a chapter's page breaks with page markers the block walker reads. */
function markPages(document: Document, targets: Target[]): void {
  const byId = new Map(targets.map((target) => [target.id, target.label]));
  for (const element of Array.from(document.body.querySelectorAll("*"))) {
    const isBreak = epubTypes(element).includes("pagebreak") || element.getAttribute("role") === "doc-pagebreak";
    const listed = element.id ? byId.get(element.id) : undefined;
    if (!isBreak && listed === undefined) continue;
    const raw = listed ?? element.getAttribute("title") ?? element.getAttribute("aria-label") ?? element.textContent ?? "";
    const label = cleanPageLabel(raw.replace(/^(?:page|p\.|pág\.?|página)\s*/i, ""));
    if (!label) continue;
    const marker = document.createElement("span");
    marker.setAttribute(PAGE_MARKER_ATTRIBUTE, label);
    // A page break element holds at most its number: it gives way to the marker. A listed target
    // that holds text (a paragraph) keeps it, with the marker before it.
    if (isBreak) element.replaceWith(marker);
    else element.prepend(marker);
  }
}

/** Marks footnotes, endnotes and their kin so the walker types them as notes. */
function markNotes(document: Document): void {
  for (const element of Array.from(document.body.querySelectorAll("*"))) {
    const types = epubTypes(element);
    const role = element.getAttribute("role") ?? "";
    if (types.some((type) => ["footnote", "endnote", "rearnote", "note"].includes(type)) || role === "doc-footnote" || role === "doc-endnote")
      element.setAttribute(NOTE_ATTRIBUTE, "");
  }
}

/** Turns images the book holds into data: addresses (raster images only, within the image limits). */
function inlineImages(document: Document, files: EpubFiles, chapter: string): void {
  let count = 0;
  for (const image of Array.from(document.body.querySelectorAll("img, image"))) {
    const src = image.getAttribute("src") ?? image.getAttributeNS("http://www.w3.org/1999/xlink", "href") ?? image.getAttribute("href") ?? "";
    const bytes = src && !/^[a-z]+:/i.test(src) ? files[resolvePath(chapter, src).split("#")[0]!] : undefined;
    const type = bytes && bytes.length <= importLimits.imageBytes ? sniffImageType(bytes) : undefined;
    if (!bytes || !type || count >= importLimits.images) {
      image.remove();
      continue;
    }
    count++;
    const img = document.createElement("img");
    img.setAttribute("src", `data:${type.mime};base64,${Buffer.from(bytes).toString("base64")}`);
    img.setAttribute("alt", image.getAttribute("alt") ?? "");
    image.replaceWith(img);
  }
}

function epubTypes(element: Element): string[] {
  return (element.getAttributeNS(OPS, "type") ?? element.getAttribute("epub:type") ?? "").split(/\s+/).filter(Boolean);
}

function text(files: EpubFiles, name: string): string | undefined {
  const bytes = files[name];
  return bytes ? new TextDecoder("utf-8").decode(bytes) : undefined;
}

function xml(files: EpubFiles, name: string): Document | undefined {
  const source = text(files, name);
  if (source === undefined) return undefined;
  try {
    return new JSDOM(source, { contentType: "application/xml" }).window.document;
  } catch {
    return undefined;
  }
}

function xhtml(files: EpubFiles, name: string): Document | undefined {
  const source = text(files, name);
  if (source === undefined) return undefined;
  try {
    return new JSDOM(source, { contentType: "application/xhtml+xml" }).window.document;
  } catch {
    // Not well-formed XML: read it as the HTML it mostly is.
    return new JSDOM(source, { contentType: "text/html" }).window.document;
  }
}

/** Resolves a path inside the zip against the file that refers to it. */
function resolvePath(from: string, href: string): string {
  const [path = "", fragment] = href.split("#");
  const base = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
  const parts: string[] = [];
  for (const part of decodeURIComponent(base + path).split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return fragment === undefined ? parts.join("/") : `${parts.join("/")}#${fragment}`;
}
