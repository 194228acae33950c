/** The kinds of block an article is normalised into. */
export const blockTypes = ["heading", "paragraph", "quote", "list_item", "caption", "note", "image"] as const;

/** One kind of block. */
export type BlockType = (typeof blockTypes)[number];

/** Inline emphasis kept inside a block, as offsets into the block's text. */
export type InlineMark = {
  type: "strong" | "em" | "code" | "link";
  start: number;
  end: number;
  href?: string;
};

/** A page of the source (a PDF, a printed book) that begins inside a block's text, at a character offset greater than 0. */
export type PageBreak = { at: number; page: string };

/** One block of an article: the unit of layout, numbering and deep links. */
export type Block = {
  id: string;
  type: BlockType;
  text: string;
  level?: number;
  ordered?: boolean;
  marks?: InlineMark[];
  image?: { src: string; alt: string };
  /** The label of the source page the block begins on ("14", "xii"), for documents that have pages. */
  page?: string;
  /** Pages that begin inside the block, in order of their offsets. */
  pageBreaks?: PageBreak[];
};

/** Separator between blocks in the canonical text. */
export const BLOCK_SEPARATOR = "\n\n";

/** Whether a block carries text that counts in the canonical text. */
export function isTextBlock(block: Block): boolean {
  return block.type !== "image";
}

/** A text block with its place in the canonical text. */
export type PlacedBlock = { block: Block; start: number; end: number };

/** Places every text block in the canonical text; the one definition annotation offsets count in. */
export function placeBlocks(blocks: readonly Block[]): PlacedBlock[] {
  const placed: PlacedBlock[] = [];
  let offset = 0;
  for (const block of blocks) {
    if (!isTextBlock(block)) continue;
    if (placed.length > 0) offset += BLOCK_SEPARATOR.length;
    placed.push({ block, start: offset, end: offset + block.text.length });
    offset += block.text.length;
  }
  return placed;
}

/** The article's canonical text: its text blocks joined by a blank line. */
export function canonicalText(blocks: readonly Block[]): string {
  return blocks
    .filter(isTextBlock)
    .map((block) => block.text)
    .join(BLOCK_SEPARATOR);
}

/** Counts words the way readers do: runs of letters or digits. */
export function countWords(blocks: readonly Block[]): number {
  return blocks.reduce((total, block) => total + (block.text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0), 0);
}

/** Minutes to read at an unhurried study pace. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 220));
}

/** Paragraph numbers for the margin: every text block but headings, counted from 1. */
export function paragraphNumbers(blocks: readonly Block[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const block of blocks) {
    if (!isTextBlock(block) || block.type === "heading") continue;
    numbers.set(block.id, numbers.size + 1);
  }
  return numbers;
}

/** Gives blocks short ids derived from their text, so re-importing the same text keeps its ids. */
export function assignBlockIds(blocks: readonly Omit<Block, "id">[]): Block[] {
  const seen = new Map<string, number>();
  return blocks.map((block) => {
    const base = `b${fnv1a(`${block.type}:${block.text}:${block.image?.src ?? ""}`)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { ...block, id: count === 1 ? base : `${base}-${count}` };
  });
}

function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index++) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
