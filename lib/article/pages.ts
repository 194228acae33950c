import { placeBlocks, type Block, type PageBreak } from "./blocks";

// Source pages of a document (a PDF, a book in EPUB) as the blocks keep them: `page` is the page
// a block begins on, `pageBreaks` the pages that begin inside its text. Everything here is
// derived from those two fields, so a page number is stored once and never drifts.

const PAGE_LABEL = /^[\p{L}\p{N}][\p{L}\p{N}.-]{0,15}$/u;

/** Most page breaks one block may hold (a paragraph longer than that many pages is not one). */
export const MAX_PAGE_BREAKS = 200;

/** A page label as it may be stored: letters, digits, dots and dashes, at most 16; anything else is no label. */
export function cleanPageLabel(label: string | number | undefined | null): string | undefined {
  if (label === undefined || label === null) return undefined;
  const text = String(label).trim();
  return PAGE_LABEL.test(text) ? text : undefined;
}

/** The id of the element where a page begins in the reader, the target of a `#page-14` link. */
export function pageAnchor(page: string): string {
  return `page-${page}`;
}

/** Whether an article keeps its source's pages. */
export function hasPages(blocks: readonly Pick<Block, "page">[]): boolean {
  return blocks.some((block) => block.page !== undefined);
}

/** The page a block's text ends on: its last break's page, else the page it begins on. */
export function lastPage(block: Pick<Block, "page" | "pageBreaks">): string | undefined {
  return block.pageBreaks?.at(-1)?.page ?? block.page;
}

/** The page at a character offset inside a block. */
export function pageInBlock(block: Pick<Block, "page" | "pageBreaks">, offset: number): string | undefined {
  let page = block.page;
  for (const pageBreak of block.pageBreaks ?? []) {
    if (pageBreak.at > offset) break;
    page = pageBreak.page;
  }
  return page;
}

/**
 * Where each text block shows that a new page begins: at offset 0 when the block begins a page
 * the text before it did not reach, and at each of its breaks. Each page's first start carries
 * the page's anchor; a label that repeats later (a second numbering) gets none.
 */
export function pageStarts(blocks: readonly Block[]): Map<string, (PageBreak & { anchor?: string })[]> {
  const starts = new Map<string, (PageBreak & { anchor?: string })[]>();
  const anchored = new Set<string>();
  let current: string | undefined;
  const start = (at: number, page: string) => {
    const anchor = anchored.has(page) ? undefined : pageAnchor(page);
    anchored.add(page);
    return anchor ? { at, page, anchor } : { at, page };
  };
  for (const { block } of placeBlocks(blocks)) {
    const here: (PageBreak & { anchor?: string })[] = [];
    if (block.page !== undefined && block.page !== current) here.push(start(0, block.page));
    current = block.page ?? current;
    for (const pageBreak of block.pageBreaks ?? []) {
      if (pageBreak.page === current) continue;
      here.push(start(pageBreak.at, pageBreak.page));
      current = pageBreak.page;
    }
    if (here.length > 0) starts.set(block.id, here);
  }
  return starts;
}

/** A span of the canonical text that lies on one page. */
export type PageSpan = { page: string; start: number; end: number };

/** The canonical text cut into the pages it lies on (empty for an article without pages). */
export function pageSpans(blocks: readonly Block[]): PageSpan[] {
  const spans: PageSpan[] = [];
  for (const { block, start, end } of placeBlocks(blocks)) {
    const cuts: { at: number; page: string | undefined }[] = [{ at: 0, page: block.page }, ...(block.pageBreaks ?? [])];
    cuts.forEach((cut, index) => {
      const page = cut.page ?? spans.at(-1)?.page;
      if (page === undefined) return;
      const from = start + cut.at;
      const to = index + 1 < cuts.length ? start + cuts[index + 1]!.at : end;
      const previous = spans.at(-1);
      if (previous && previous.page === page) previous.end = to;
      else spans.push({ page, start: from, end: to });
    });
  }
  return spans;
}

/** The pages a passage of the canonical text lies on, first and last; null for an article without pages. */
export function passagePages(spans: readonly PageSpan[], passage: { start: number; end: number }): { first: string; last: string } | null {
  const covered = spans.filter((span) => span.start < passage.end && passage.start < span.end);
  const first = covered[0] ?? spans.filter((span) => span.start <= passage.start).at(-1);
  const last = covered.at(-1) ?? first;
  return first && last ? { first: first.page, last: last.page } : null;
}

/**
 * Moves page breaks through a change of a block's text: breaks before the changed part stay,
 * breaks after it move with the text, breaks inside it go to where the change begins. Breaks
 * that fall at the very start become the block's page; breaks past the end are dropped.
 */
export function movePageBreaks(block: Pick<Block, "page" | "pageBreaks">, before: string, after: string): Pick<Block, "page" | "pageBreaks"> {
  if (!block.pageBreaks?.length) return block.page === undefined ? {} : { page: block.page };
  let prefix = 0;
  const shortest = Math.min(before.length, after.length);
  while (prefix < shortest && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const delta = after.length - before.length;
  const moved = block.pageBreaks.map((pageBreak) => ({
    page: pageBreak.page,
    at: pageBreak.at <= prefix ? pageBreak.at : pageBreak.at >= before.length - suffix ? pageBreak.at + delta : prefix,
  }));
  return normaliseBreaks(block.page, moved, after.length);
}

/** Puts a block's page fields in order: breaks sorted, inside the text, one per offset, not repeating the page before them. */
export function normaliseBreaks(page: string | undefined, breaks: readonly PageBreak[], length: number): Pick<Block, "page" | "pageBreaks"> {
  let first = page;
  const kept: PageBreak[] = [];
  for (const pageBreak of [...breaks].sort((a, b) => a.at - b.at)) {
    if (pageBreak.at <= 0) {
      first = pageBreak.page;
      continue;
    }
    if (pageBreak.at >= length) continue;
    const previous = kept.at(-1);
    if (previous?.at === pageBreak.at) kept.pop();
    if ((kept.at(-1)?.page ?? first) === pageBreak.page) continue;
    kept.push(pageBreak);
  }
  const result: Pick<Block, "page" | "pageBreaks"> = {};
  if (first !== undefined) result.page = first;
  if (kept.length > 0) result.pageBreaks = kept.slice(0, MAX_PAGE_BREAKS);
  return result;
}
