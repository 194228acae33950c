import { isTextBlock, placeBlocks, type Block } from "../article/blocks";

/**
 * One pair of an alignment: original paragraphs (by block id) and the edition's paragraphs
 * that translate them. Either side may hold several blocks (a paragraph split or joined by
 * the translator) or none (a paragraph with no counterpart).
 */
export type AlignmentLink = { source: string[]; target: string[] };

/** How an edition lines up with its original: links in reading order, every text block of each side in exactly one. */
export type Alignment = AlignmentLink[];

/** The side of an alignment: the original ("source") or the edition ("target"). */
export type AlignmentSide = "source" | "target";

/**
 * Why an alignment does not fit these two texts, or null when it does: every text block of
 * each side must appear exactly once, in reading order, and no link may be empty.
 */
export function alignmentProblem(alignment: Alignment, source: readonly Block[], target: readonly Block[]): string | null {
  for (const side of ["source", "target"] as const) {
    const expected = (side === "source" ? source : target).filter(isTextBlock).map((block) => block.id);
    const found = alignment.flatMap((link) => link[side]);
    if (found.length !== expected.length || found.some((id, index) => id !== expected[index])) {
      return side === "source" ? "The alignment does not cover the original's paragraphs in order." : "The alignment does not cover the edition's paragraphs in order.";
    }
  }
  if (alignment.some((link) => link.source.length === 0 && link.target.length === 0)) return "The alignment has an empty pair.";
  return null;
}

/**
 * Fits a stored alignment to the texts as they are now (the original may have gained a
 * version since): blocks no longer there are dropped, blocks not yet aligned get a pair of
 * their own at their place, and pairs left empty disappear.
 */
export function fitAlignment(alignment: Alignment, source: readonly Block[], target: readonly Block[]): Alignment {
  const sides = { source: source.filter(isTextBlock).map((block) => block.id), target: target.filter(isTextBlock).map((block) => block.id) };
  const present = { source: new Set(sides.source), target: new Set(sides.target) };
  const used = { source: new Set<string>(), target: new Set<string>() };
  const kept: Alignment = [];
  for (const link of alignment) {
    const next = { source: keep(link.source, "source"), target: keep(link.target, "target") };
    if (next.source.length > 0 || next.target.length > 0) kept.push(next);
  }
  // Blocks in the text but in no pair: each goes in a pair of its own after the pair of the block before it.
  for (const side of ["source", "target"] as const) {
    sides[side].forEach((id, position) => {
      if (used[side].has(id)) return;
      const previous = sides[side][position - 1];
      const at = previous === undefined ? -1 : kept.findIndex((link) => link[side].includes(previous));
      kept.splice(at + 1, 0, side === "source" ? { source: [id], target: [] } : { source: [], target: [id] });
      used[side].add(id);
    });
  }
  return kept;

  function keep(ids: readonly string[], side: AlignmentSide): string[] {
    return ids.filter((id) => {
      if (!present[side].has(id) || used[side].has(id)) return false;
      used[side].add(id);
      return true;
    });
  }
}

/** Joins a pair with the next one (the translator joined or split paragraphs there). */
export function mergeWithNext(alignment: Alignment, index: number): Alignment {
  const current = alignment[index];
  const next = alignment[index + 1];
  if (!current || !next) return alignment;
  return [...alignment.slice(0, index), { source: [...current.source, ...next.source], target: [...current.target, ...next.target] }, ...alignment.slice(index + 2)];
}

/** Whether a pair holds more than one block on a side, so that splitting it means something. */
export function canSplit(link: AlignmentLink): boolean {
  return link.source.length > 1 || link.target.length > 1;
}

/**
 * Splits a pair in two: the first keeps the first block of each side, the second the rest;
 * a side with one block keeps it in the first.
 */
export function splitLink(alignment: Alignment, index: number): Alignment {
  const current = alignment[index];
  if (!current || !canSplit(current)) return alignment;
  const first = { source: current.source.slice(0, 1), target: current.target.slice(0, 1) };
  const rest = { source: current.source.slice(1), target: current.target.slice(1) };
  return [...alignment.slice(0, index), first, rest, ...alignment.slice(index + 1)];
}

/**
 * Moves one side's boundary: "up" gives this pair's first block on that side to the pair
 * before; "down" gives its last block to the pair after. Pairs left empty disappear; at
 * either end of the text a block moved out gets a pair of its own.
 */
export function shiftBlock(alignment: Alignment, index: number, side: AlignmentSide, direction: "up" | "down"): Alignment {
  const current = alignment[index];
  if (!current || current[side].length === 0) return alignment;
  const links = alignment.map((link) => ({ source: [...link.source], target: [...link.target] }));
  const here = links[index]!;
  if (direction === "up") {
    const moved = here[side].shift()!;
    if (index === 0) links.unshift(side === "source" ? { source: [moved], target: [] } : { source: [], target: [moved] });
    else links[index - 1]![side].push(moved);
  } else {
    const moved = here[side].pop()!;
    if (index === links.length - 1) links.push(side === "source" ? { source: [moved], target: [] } : { source: [], target: [moved] });
    else links[index + 1]![side].unshift(moved);
  }
  return links.filter((link) => link.source.length > 0 || link.target.length > 0);
}

/** The blocks on the other side aligned with any of these blocks. */
export function alignedBlockIds(alignment: Alignment, from: AlignmentSide, blockIds: readonly string[]): string[] {
  const wanted = new Set(blockIds);
  const to: AlignmentSide = from === "source" ? "target" : "source";
  return alignment.filter((link) => link[from].some((id) => wanted.has(id))).flatMap((link) => link[to]);
}

/** The ids of the text blocks a stretch of the canonical text touches. */
export function blockIdsInRange(blocks: readonly Block[], start: number, end: number): string[] {
  return placeBlocks(blocks)
    .filter((placed) => placed.start < Math.max(end, start + 1) && placed.end > start)
    .map((placed) => placed.block.id);
}
