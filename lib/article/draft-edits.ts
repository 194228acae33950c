import type { BlockType, InlineMark } from "./blocks";
import type { DraftBlock } from "./draft";
import { lastPage, movePageBreaks, normaliseBreaks, pageInBlock } from "./pages";

// The preview's editing operations, as pure functions on draft blocks so they are tested here
// and the browser only keeps the list.

/** The types a person may give a text block in the preview. */
export const editableTypes = ["heading", "paragraph", "quote", "list_item", "caption", "note"] as const satisfies readonly BlockType[];

/** Gives a block another type, with that type's defaults; the importer's flag no longer applies. */
export function withType(block: DraftBlock, type: (typeof editableTypes)[number]): DraftBlock {
  const { level: _level, ordered: _ordered, flag: _flag, ...rest } = block;
  const changed: DraftBlock = { ...rest, type };
  if (type === "heading") changed.level = block.level ?? 2;
  if (type === "list_item") changed.ordered = block.ordered ?? false;
  return changed;
}

/** Joins a block with the one after it, keeping the first one's type and both sets of marks. */
export function mergeBlocks(first: DraftBlock, second: DraftBlock): DraftBlock {
  const separator = first.text && second.text ? " " : "";
  const offset = first.text.length + separator.length;
  const marks = [...(first.marks ?? []), ...(second.marks ?? []).map((mark) => shift(mark, offset))];
  const { flag: _flag, page: _page, pageBreaks: _breaks, ...rest } = first;
  const merged: DraftBlock = { ...rest, text: first.text + separator + second.text };
  if (marks.length > 0) merged.marks = marks;
  else delete merged.marks;
  // The second block's pages continue inside the merged one: its first page where its text now starts.
  const breaks = [
    ...(first.pageBreaks ?? []),
    ...(second.page !== undefined && second.page !== lastPage(first) ? [{ at: offset, page: second.page }] : []),
    ...(second.pageBreaks ?? []).map((pageBreak) => ({ at: pageBreak.at + offset, page: pageBreak.page })),
  ];
  return { ...merged, ...normaliseBreaks(first.page ?? second.page, breaks, merged.text.length) };
}

/** Splits a block at a character offset into two blocks of the same type; white space at the cut goes. */
export function splitBlock(block: DraftBlock, offset: number): [DraftBlock, DraftBlock] | undefined {
  const at = Math.max(0, Math.min(block.text.length, offset));
  const head = block.text.slice(0, at).trimEnd();
  const tailRaw = block.text.slice(at);
  const tail = tailRaw.trimStart();
  if (!head || !tail) return undefined;
  const tailStart = at + (tailRaw.length - tail.length);
  const { flag: _flag, marks = [], page: _page, pageBreaks = [], ...rest } = block;
  const headPages = normaliseBreaks(block.page, pageBreaks, head.length);
  const tailPages = normaliseBreaks(
    pageInBlock(block, tailStart),
    pageBreaks.map((pageBreak) => ({ at: pageBreak.at - tailStart, page: pageBreak.page })),
    tail.length,
  );
  const headMarks = marks.map((mark) => ({ ...mark, end: Math.min(mark.end, head.length) })).filter((mark) => mark.end > mark.start);
  const tailMarks = marks.map((mark) => shift({ ...mark, start: Math.max(mark.start, tailStart) }, -tailStart)).filter((mark) => mark.end > mark.start);
  const first: DraftBlock = { ...rest, text: head, ...(headMarks.length > 0 && { marks: headMarks }), ...headPages };
  const second: DraftBlock = { ...rest, text: tail, ...(tailMarks.length > 0 && { marks: tailMarks }), ...tailPages };
  return [first, second];
}

/** Replaces a block's text; marks survive only if the text did not change, page breaks move with the text around the change. */
export function withText(block: DraftBlock, text: string): DraftBlock {
  if (text === block.text) return block;
  const { marks: _marks, flag: _flag, page: _page, pageBreaks: _breaks, ...rest } = block;
  return { ...rest, text, ...movePageBreaks(block, block.text, text) };
}

function shift(mark: InlineMark, by: number): InlineMark {
  return { ...mark, start: mark.start + by, end: mark.end + by };
}

/**
 * The other blocks that look like the block at `index` — same type, same flag, same shape of
 * line — so that one correction ("this is a caption") can be offered for all of them at once.
 */
export function lookAlikes(blocks: readonly DraftBlock[], index: number): number[] {
  const model = blocks[index];
  if (!model || model.type === "image") return [];
  const shape = lineShape(model.text);
  return blocks.flatMap((block, other) =>
    other !== index && block.type === model.type && Boolean(block.flag) === Boolean(model.flag) && lineShape(block.text) === shape ? [other] : [],
  );
}

// What a line looks like at a glance: how long it is, how it starts and ends, whether it holds a
// comma or a year. Captions share one shape, headings another, footer lines a third.
function lineShape(text: string): string {
  const line = text.trim();
  const words = line.split(/\s+/).filter(Boolean).length;
  const length = words <= 3 ? "tiny" : words <= 8 ? "short" : words <= 16 ? "line" : words <= 40 ? "long" : "prose";
  const start = /^\p{Lu}/u.test(line) ? "upper" : /^\p{Ll}/u.test(line) ? "lower" : "other";
  const end = /[.!?…]["”»)]?$/.test(line) ? "sentence" : /[:;,]$/.test(line) ? "open" : "bare";
  const comma = line.includes(",") ? "comma" : "";
  const year = /\b(?:1[89]|20)\d{2}\b/.test(line) ? "year" : "";
  return [length, start, end, comma, year].join(" ");
}
