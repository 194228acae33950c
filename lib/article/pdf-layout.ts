import type { BlockType, PageBreak } from "./blocks";
import type { ArticleDetails, DraftBlock, ImportResult } from "./draft";
import { guessLanguage, looksLikeCaption, wordCount } from "./heuristics";
import { cleanInlineText } from "./inline-builder";
import { cleanPageLabel, normaliseBreaks } from "./pages";

// A PDF has no paragraphs, only pieces of text placed on pages. This module reads a page's
// layout the way a person does — lines, columns, the running head and the page number, the
// notes at the foot, a heading set larger or bolder — and rebuilds the article as blocks,
// keeping the page each piece came from. It is a pure function over positioned text, so it is
// tested without any PDF library; server/article-files/ feeds it from pdfjs.

/** One piece of text as a PDF places it. Coordinates in points from the page's top-left corner; `y` is the baseline. */
export type PdfTextItem = {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  fontSize: number;
  fontName: string;
  bold: boolean;
  italic: boolean;
};

/** One page: its number in the file (from 1), the label the PDF gives it if any, its size and its text. */
export type PdfPageText = { number: number; label?: string; width: number; height: number; items: PdfTextItem[] };

/** What the server reads from a PDF: its pages, and the title, author and language its metadata declare. */
export type PdfDocumentText = { pages: PdfPageText[]; title?: string; author?: string; language?: string };

/** Blocks and details, and the pages that had no text to read (scanned pages). */
export type PdfLayoutResult = ImportResult & { pagesWithoutText: string[]; pageCount: number };

/** A page counts as scanned when it has fewer characters of text than this. */
const MIN_PAGE_CHARS = 12;

type Fragment = {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  bold: boolean;
  italic: boolean;
  chars: number;
};

type Line = Fragment & { page: number; columnLeft: number; columnRight: number; afterGap: number; newColumn: boolean };

type Page = { number: number; label: string; width: number; height: number; fragments: Fragment[]; printed?: number };

/**
 * Reads a PDF's positioned text into draft blocks: headings from size and weight, paragraphs
 * rejoined across lines, columns and pages, line-end hyphens joined, running heads, footers and
 * page numbers left out, footnotes kept as notes, figure captions typed as captions, and the
 * page each block begins on (and pages that begin inside it) from the PDF's page labels, else
 * from the printed page numbers, else counted from 1.
 */
export function layoutPdf(document: PdfDocumentText): PdfLayoutResult {
  const pages: Page[] = document.pages.map((page) => ({
    number: page.number,
    label: cleanPageLabel(page.label) ?? String(page.number),
    width: page.width,
    height: page.height,
    fragments: lineFragments(page.items),
  }));
  const pagesWithoutText = pages.filter((page) => page.fragments.reduce((sum, fragment) => sum + fragment.chars, 0) < MIN_PAGE_CHARS).map((page) => page.number);
  removeRunningLines(pages);
  if (!document.pages.some((page) => cleanPageLabel(page.label))) applyPrintedNumbers(pages);
  const bodySize = dominantSize(pages.flatMap((page) => page.fragments));
  const { titleSize, tiers } = headingSizes(pages, bodySize);
  const builder = new BlockBuilder(bodySize, titleSize, tiers);
  for (const page of pages) {
    const { body, notes } = splitFootnotes(readingOrder(page), bodySize);
    builder.page(page.label, body, notes);
  }
  const drafts = builder.finish();
  const details: Partial<ArticleDetails> = {};
  const title = cleanLine(document.title ?? "");
  const first = drafts[0];
  if (first?.type === "heading" && first.level === 1) {
    details.title = first.text;
    drafts.shift();
    if (drafts[0] && drafts[0].page === undefined) drafts[0].page = first.page;
  } else if (title && title.length <= 300 && !/^(?:untitled|microsoft word|document\d*)\b/i.test(title) && !/\.(?:docx?|pdf|odt)$/i.test(title)) {
    details.title = title;
  }
  for (const draft of drafts) if (draft.type === "heading" && draft.level === 1) draft.level = 2;
  const author = cleanLine(document.author ?? "");
  if (author && author.length <= 200) details.author = author;
  const declared = (document.language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  const language = /^[a-z]{2,3}$/.test(declared)
    ? declared
    : guessLanguage(
        drafts
          .slice(0, 200)
          .map((draft) => draft.text)
          .join(" "),
      );
  if (language) details.language = language;
  const labelOf = new Map(pages.map((page) => [page.number, page.label]));
  return { blocks: drafts, details, pagesWithoutText: pagesWithoutText.map((number) => labelOf.get(number) ?? String(number)), pageCount: pages.length };
}

// ---------------------------------------------------------------------------------------------
// Lines: items on one baseline, cut where a gap is wider than a column gutter could be narrow.

/** Groups a page's items into line fragments: same baseline, no gap wider than about an em. */
export function lineFragments(items: readonly PdfTextItem[]): Fragment[] {
  const usable = items.filter((item) => item.text.length > 0 && item.fontSize > 0 && Number.isFinite(item.x) && Number.isFinite(item.y));
  const sorted = [...usable].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: PdfTextItem[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    const rowSize = row ? Math.max(...row.map((entry) => entry.fontSize)) : 0;
    if (row && Math.abs(item.y - row[0]!.y) <= 0.45 * Math.max(rowSize, item.fontSize)) row.push(item);
    else rows.push([item]);
  }
  const fragments: Fragment[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let current: PdfTextItem[] = [];
    const flush = () => {
      const fragment = joinItems(current);
      if (fragment) fragments.push(fragment);
      current = [];
    };
    for (const item of row) {
      const previous = current.at(-1);
      if (previous && item.x - (previous.x + previous.width) > 1.1 * Math.max(previous.fontSize, item.fontSize) && item.text.trim()) flush();
      current.push(item);
    }
    flush();
  }
  return fragments;
}

function joinItems(items: PdfTextItem[]): Fragment | undefined {
  let text = "";
  let end = -Infinity;
  const sizes = new Map<number, number>();
  let bold = 0;
  let italic = 0;
  let chars = 0;
  for (const item of items) {
    const gap = item.x - end;
    const size = item.fontSize;
    if (text && gap > 0.18 * size && !/\s$/.test(text) && !/^\s/.test(item.text)) text += " ";
    text += item.text;
    end = Math.max(end, item.x + item.width);
    const count = item.text.replace(/\s/g, "").length;
    chars += count;
    const rounded = Math.round(size * 2) / 2;
    sizes.set(rounded, (sizes.get(rounded) ?? 0) + count);
    if (item.bold) bold += count;
    if (item.italic) italic += count;
  }
  const clean = cleanInlineText(text).trim();
  if (!clean || chars === 0) return undefined;
  const size = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const first = items.find((item) => item.text.trim()) ?? items[0]!;
  return { text: clean, x: first.x, right: end, y: first.y, size, bold: bold >= chars * 0.8, italic: italic >= chars * 0.8, chars };
}

/** The sizes headings are set in, largest first, and the title's size when the first page opens with text larger than any after it. */
function headingSizes(pages: readonly Page[], bodySize: number): { titleSize?: number; tiers: number[] } {
  const heading = (fragment: Fragment) => fragment.size >= bodySize * 1.15 && fragment.chars >= 2;
  const sizes = [...new Set(pages.flatMap((page) => page.fragments.filter(heading).map((fragment) => fragment.size)))].sort((a, b) => b - a);
  const firstPage = pages.find((page) => page.fragments.length > 0);
  const opening = firstPage ? [...firstPage.fragments].sort((a, b) => a.y - b.y)[0] : undefined;
  const largest = sizes[0];
  const onlyOpening = largest !== undefined && pages.every((page) => page.fragments.every((fragment) => fragment.size !== largest || page === firstPage));
  if (opening && largest !== undefined && opening.size === largest && largest >= bodySize * 1.4 && onlyOpening) return { titleSize: largest, tiers: sizes.slice(1) };
  return { tiers: sizes };
}

function dominantSize(fragments: readonly Fragment[]): number {
  const sizes = new Map<number, number>();
  for (const fragment of fragments) sizes.set(fragment.size, (sizes.get(fragment.size) ?? 0) + fragment.chars);
  return [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10;
}

// ---------------------------------------------------------------------------------------------
// Running heads, footers and page numbers: text at the top or bottom edge that repeats from page
// to page (digits aside), or that is only a page number.

const PAGE_NUMBER = /^(?:[-–—(\[]\s*)?(?:(?:page|p\.|pág\.?|página)\s*)?(\d{1,4})(?:\s*(?:of|de|\/)\s*\d{1,4})?(?:\s*[-–—)\]])?$/i;
const EDGE = 0.1;

/** Fragments in the outer tenth of the page, on its first or last row, set apart from the text by more than a line's gap and not larger than the text. */
function edgeFragments(page: Page, bodySize: number): Fragment[] {
  if (page.fragments.length === 0) return [];
  const rows = [...new Set(page.fragments.map((fragment) => Math.round(fragment.y)))].sort((a, b) => a - b);
  const apart = (row: number, neighbour: number | undefined, size: number) => neighbour === undefined || Math.abs(neighbour - row) >= size * 1.8;
  return page.fragments.filter((fragment) => {
    if (fragment.size > bodySize + 0.5) return false;
    const row = Math.round(fragment.y);
    const index = rows.indexOf(row);
    const top = index <= 1 && fragment.y < page.height * EDGE && apart(row, rows[index + 1], fragment.size);
    const bottom = index >= rows.length - 2 && fragment.y > page.height * (1 - EDGE) && apart(row, rows[index - 1], fragment.size);
    return top || bottom;
  });
}

function runningKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

/** Takes running heads, footers and page numbers out of the pages, noting the printed page numbers. */
function removeRunningLines(pages: Page[]): void {
  const bodySize = dominantSize(pages.flatMap((page) => page.fragments));
  const counts = new Map<string, number>();
  for (const page of pages) {
    for (const key of new Set(edgeFragments(page, bodySize).map((fragment) => runningKey(fragment.text)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const textPages = pages.filter((page) => page.fragments.length > 0).length;
  for (const page of pages) {
    const remove = new Set<Fragment>();
    let embedded: string | undefined;
    for (const fragment of edgeFragments(page, bodySize)) {
      const number = PAGE_NUMBER.exec(fragment.text);
      const repeated = (counts.get(runningKey(fragment.text)) ?? 0) >= 2 && textPages >= 2;
      if (!number && !repeated) continue;
      remove.add(fragment);
      // A number alone is the page number; a number at either end of a running head may be.
      if (number) page.printed = Number(number[1]);
      else embedded ??= (/^(\d{1,4})\b|\b(\d{1,4})$/.exec(fragment.text) ?? []).slice(1).find(Boolean);
    }
    if (page.printed === undefined && embedded !== undefined) page.printed = Number(embedded);
    page.fragments = page.fragments.filter((fragment) => !remove.has(fragment));
  }
}

/** Labels pages with their printed numbers when most printed numbers agree on one offset from the page's place in the file. */
function applyPrintedNumbers(pages: Page[]): void {
  const offsets = new Map<number, number>();
  for (const page of pages) if (page.printed !== undefined) offsets.set(page.printed - page.number, (offsets.get(page.printed - page.number) ?? 0) + 1);
  const [offset, count] = [...offsets.entries()].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  const numbered = pages.filter((page) => page.printed !== undefined).length;
  if (offset === 0 || count < Math.max(pages.length === 1 ? 1 : 2, numbered * 0.6)) return;
  for (const page of pages) if (page.number + offset >= 1) page.label = String(page.number + offset);
}

// ---------------------------------------------------------------------------------------------
// Columns: a vertical band that no line crosses, with lines on both sides, cuts the page into
// columns; a line that crosses it (a title over both columns) is read where it stands.

/** The page's fragments in reading order, each with the column it belongs to. */
export function readingOrder(page: Pick<Page, "width" | "fragments" | "number">): Line[] {
  const fragments = [...page.fragments].sort((a, b) => a.y - b.y || a.x - b.x);
  const gutter = findGutter(fragments, page.width);
  const lines: Line[] = [];
  const place = (fragments: Fragment[], column: "left" | "right" | "full") => {
    if (fragments.length === 0) return;
    // Pieces of one line that a wide justified space cut apart are one line again.
    const group: Fragment[] = [];
    for (const fragment of fragments) {
      const previous = group.at(-1);
      if (previous && Math.abs(fragment.y - previous.y) <= 0.45 * Math.max(previous.size, fragment.size) && fragment.x >= previous.right - 1) {
        group[group.length - 1] = {
          ...previous,
          text: `${previous.text} ${fragment.text}`,
          right: fragment.right,
          chars: previous.chars + fragment.chars,
          bold: previous.bold && fragment.bold,
          italic: previous.italic && fragment.italic,
        };
      } else {
        group.push(fragment);
      }
    }
    const lefts = group.map((fragment) => fragment.x).sort((a, b) => a - b);
    const rights = group.map((fragment) => fragment.right).sort((a, b) => a - b);
    const columnLeft = lefts[Math.floor(lefts.length * 0.1)]!;
    const columnRight = rights[Math.min(rights.length - 1, Math.floor(rights.length * 0.9))]!;
    group.forEach((fragment, index) => {
      const previous = group[index - 1];
      lines.push({ ...fragment, page: page.number, columnLeft, columnRight, afterGap: previous ? fragment.y - previous.y : 0, newColumn: index === 0 && column === "right" });
    });
  };
  if (gutter === undefined) {
    place(fragments, "full");
    return lines;
  }
  let left: Fragment[] = [];
  let right: Fragment[] = [];
  const flush = () => {
    place(left, "left");
    place(right, "right");
    left = [];
    right = [];
  };
  for (const fragment of fragments) {
    if (fragment.right <= gutter) left.push(fragment);
    else if (fragment.x >= gutter) right.push(fragment);
    else {
      flush();
      place([fragment], "full");
    }
  }
  flush();
  return lines;
}

function findGutter(fragments: readonly Fragment[], width: number): number | undefined {
  if (fragments.length < 6) return undefined;
  let best: { x: number; crossing: number } | undefined;
  for (let x = width * 0.3; x <= width * 0.7; x += 2) {
    let crossing = 0;
    let leftCount = 0;
    let rightCount = 0;
    for (const fragment of fragments) {
      if (fragment.right <= x) leftCount++;
      else if (fragment.x >= x) rightCount++;
      else crossing++;
    }
    if (leftCount < 3 || rightCount < 3) continue;
    // Both sides must hold real lines of text, not a column of numbers or labels.
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  if (!best || best.crossing > fragments.length * 0.15) return undefined;
  const leftWords = fragments.filter((fragment) => fragment.right <= best.x).reduce((sum, fragment) => sum + fragment.chars, 0);
  const rightWords = fragments.filter((fragment) => fragment.x >= best.x).reduce((sum, fragment) => sum + fragment.chars, 0);
  const total = fragments.reduce((sum, fragment) => sum + fragment.chars, 0);
  return leftWords > total * 0.08 && rightWords > total * 0.08 ? best.x : undefined;
}

// ---------------------------------------------------------------------------------------------
// Footnotes: the smaller lines at the foot of a column, from the first one that opens with a
// note mark (a number, *, †…).

const NOTE_MARK = /^(?:\d{1,3}|[*†‡§¶]+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:[.)]?\s|\s*$|(?=\p{Lu}))/u;

function splitFootnotes(lines: Line[], bodySize: number): { body: Line[]; notes: Line[][] } {
  let start = lines.length;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!;
    if (line.size > bodySize * 0.92 || line.size < bodySize * 0.5) break;
    if (index > 0 && lines[index - 1]!.newColumn === false && line.newColumn) break;
    if (NOTE_MARK.test(line.text)) start = index;
  }
  if (start === lines.length || start === 0) return { body: lines, notes: [] };
  const notes: Line[][] = [];
  for (const line of lines.slice(start)) {
    if (NOTE_MARK.test(line.text) || notes.length === 0) notes.push([line]);
    else notes.at(-1)!.push(line);
  }
  return { body: lines.slice(0, start), notes };
}

// ---------------------------------------------------------------------------------------------
// Blocks: lines join into paragraphs until a gap, an indent, a short last line, a change of
// type or size says a new one begins.

const LIST_MARK = /^(?:[•●▪◦‣∙·–]|-(?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*/u;
const CAPTION_START = /^(?:fig(?:ure)?\.?|table|chart|map|plate|figura|tabla|cuadro|gráfico|mapa|lámina|ilustración)\s*\d+[a-z]?\s*[.:—–-]/i;
const ENDS_SENTENCE = /[.!?:;…"”»)\]]$/u;
const KEEP_HYPHEN =
  /(?:^|\s)(?:self|non|co|ex|anti|pre|post|multi|well|semi|cross|half|mid|so|vice|pro|inter|intra|ultra|socio|auto|neo|sub|over|under|long|short|full|part|high|low|all|de|re|en|anti)-$/i;

type Open = { type: BlockType; level?: number; ordered?: boolean; text: string; page: string; breaks: PageBreak[]; last: Line; size: number; indentedLines: number; lines: number };

class BlockBuilder {
  private readonly drafts: DraftBlock[] = [];
  private open: Open | undefined;
  private readyNotes: DraftBlock[] = [];
  private lineSpacing: number;

  /**
   * @param bodySize the size most of the text is set in
   * @param titleSize the size of a title set larger than anything after it, if the document opens with one
   * @param headingTiers the sizes of headings, largest first (the largest gives level 2, the others level 3)
   */
  constructor(
    private readonly bodySize: number,
    private readonly titleSize: number | undefined,
    private readonly headingTiers: number[],
  ) {
    this.lineSpacing = bodySize * 1.2;
  }

  page(label: string, body: Line[], notes: Line[][]): void {
    if (!this.open) this.flushNotes();
    const gaps = body
      .filter((line) => line.afterGap > 0 && Math.abs(line.size - this.bodySize) < 0.6)
      .map((line) => line.afterGap)
      .sort((a, b) => a - b);
    if (gaps.length >= 3) this.lineSpacing = gaps[Math.floor(gaps.length / 2)]!;
    body.forEach((line, index) => this.line(line, label, index === 0));
    this.readyNotes.push(...notes.map((note) => ({ type: "note" as const, text: joinLines(note.map((line) => line.text)), page: label })));
    // Notes wait for the paragraph that runs on over the page break; if none does, they follow at once.
    if (this.open && this.paragraphEnds(this.open.last)) this.close();
  }

  finish(): DraftBlock[] {
    this.close();
    this.flushNotes();
    return this.drafts;
  }

  private line(line: Line, page: string, firstOnPage: boolean): void {
    const kind = this.kindOf(line);
    const open = this.open;
    if (open && this.continues(open, line, kind, firstOnPage)) {
      if (open.page !== page && !open.breaks.some((pageBreak) => pageBreak.page === page)) {
        const joined = joinLines([open.text, line.text]);
        let at = joined.length - cleanInlineText(stripListMark(line.text, kind)).trim().length;
        // A word hyphenated over the page break: the new page is marked where the word begins.
        if (at > 0 && joined[at - 1] !== " ") at = joined.lastIndexOf(" ", at - 1) + 1;
        open.breaks.push({ at, page });
        open.text = joined;
      } else {
        open.text = joinLines([open.text, line.text]);
      }
      open.last = line;
      open.lines++;
      if (line.x > line.columnLeft + line.size * 1.5) open.indentedLines++;
      return;
    }
    this.close();
    const text = stripListMark(line.text, kind);
    this.open = {
      ...kind,
      text,
      page,
      breaks: [],
      last: line,
      size: line.size,
      lines: 1,
      indentedLines: line.x > line.columnLeft + line.size * 1.5 ? 1 : 0,
    };
  }

  private kindOf(line: Line): Pick<Open, "type" | "level" | "ordered"> {
    const words = wordCount(line.text);
    if (line.size >= this.bodySize * 1.15 && words <= 30 && line.chars >= 2) return { type: "heading", level: this.levelFor(line.size) };
    const standsApart = line.afterGap <= 0 || line.newColumn || line.afterGap > this.lineSpacing * 1.3;
    if (line.bold && words <= 16 && !/[.!?,;]$/.test(line.text) && Math.abs(line.size - this.bodySize) < 1.5 && standsApart) return { type: "heading", level: 3 };
    const list = LIST_MARK.exec(line.text);
    if (list && line.text.length > list[0].length) return { type: "list_item", ordered: /\w/.test(list[0]) };
    if (CAPTION_START.test(line.text)) return { type: "caption" };
    return { type: "paragraph" };
  }

  private levelFor(size: number): number {
    if (!this.drafts.some((draft) => draft.type === "heading") && this.open?.type !== "heading" && size === this.titleSize) return 1;
    return size >= (this.headingTiers[0] ?? Infinity) - 0.25 ? 2 : 3;
  }

  private continues(open: Open, line: Line, kind: Pick<Open, "type">, firstOnPage: boolean): boolean {
    if (open.type === "heading") return kind.type === "heading" && Math.abs(line.size - open.size) < 0.6 && line.afterGap > 0 && line.afterGap < open.size * 1.8 && open.lines < 4;
    if (kind.type === "heading" || kind.type === "list_item") return false;
    if (Math.abs(line.size - open.size) >= 1) return false;
    const previous = open.last;
    const indented = line.x > line.columnLeft + line.size * 0.8 && line.x < line.columnLeft + line.size * 6;
    const previousShort = previous.right < previous.columnRight - Math.max(previous.size * 3, (previous.columnRight - previous.columnLeft) * 0.12);
    if (firstOnPage || line.newColumn || line.afterGap <= 0) {
      // Across a page or column break: a paragraph goes on unless the last line looked finished.
      if (/^\p{Ll}/u.test(line.text)) return true;
      if (ENDS_SENTENCE.test(previous.text) && (previousShort || indented)) return false;
      return !ENDS_SENTENCE.test(previous.text) || (!indented && !previousShort);
    }
    if (line.afterGap > this.lineSpacing * 1.45) return false;
    if (open.type === "caption" && previousShort) return false;
    if (open.type === "list_item") return !(previousShort && ENDS_SENTENCE.test(previous.text));
    if (indented && open.indentedLines !== open.lines) return false;
    if (previousShort && ENDS_SENTENCE.test(previous.text)) return false;
    return true;
  }

  private paragraphEnds(last: Line): boolean {
    const short = last.right < last.columnRight - Math.max(last.size * 3, (last.columnRight - last.columnLeft) * 0.12);
    return this.open?.type === "heading" ? false : ENDS_SENTENCE.test(last.text) && short;
  }

  private close(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const text = cleanInlineText(open.text).trim();
    if (!text) return;
    let type = open.type;
    // A paragraph whose every line sits indented on the left is a block quotation.
    if (type === "paragraph" && open.lines >= 2 && open.indentedLines === open.lines) type = "quote";
    if (type === "paragraph" && looksLikeCaption(text) && CAPTION_START.test(text)) type = "caption";
    const draft: DraftBlock = { type, text, ...normaliseBreaks(open.page, open.breaks, text.length) };
    if (type === "heading") draft.level = open.level ?? 2;
    if (type === "list_item") draft.ordered = open.ordered ?? false;
    this.drafts.push(draft);
    this.flushNotes();
  }

  private flushNotes(): void {
    this.drafts.push(...this.readyNotes.filter((note) => note.text));
    this.readyNotes = [];
  }
}

function stripListMark(text: string, kind: Pick<Open, "type">): string {
  return kind.type === "list_item" ? text.replace(LIST_MARK, "") : text;
}

/** Joins lines of one paragraph: a word hyphenated at a line's end is joined again, other lines meet with a space. */
export function joinLines(lines: readonly string[]): string {
  let text = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!text) {
      text = line;
      continue;
    }
    if (/\u00AD$/.test(text)) text = text.slice(0, -1) + line;
    else if (/\p{L}[-\u2010]$/u.test(text) && /^\p{Ll}/u.test(line) && !KEEP_HYPHEN.test(text)) text = text.slice(0, -1) + line;
    else if (/\p{L}[-\u2010]$/u.test(text) && /^\p{L}/u.test(line)) text += line;
    else if (/\S[–—]$/u.test(text)) text += line;
    else text += ` ${line}`;
  }
  return text;
}

function cleanLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
