import { paragraphNumbers, placeBlocks, type Block } from "./blocks";

/** A numbered paragraph's place in the canonical text. */
export type NumberedSpan = { number: number; start: number; end: number };

/** Where each numbered paragraph sits in the canonical text (headings and images have no number). */
export function numberedSpans(blocks: readonly Block[]): NumberedSpan[] {
  const numbers = paragraphNumbers(blocks);
  return placeBlocks(blocks).flatMap(({ block, start, end }) => {
    const number = numbers.get(block.id);
    return number === undefined ? [] : [{ number, start, end }];
  });
}

/**
 * The numbered paragraphs a passage covers, first and last (the same for a passage inside one
 * paragraph); null when it touches none, e.g. a passage within a heading.
 */
export function passageParagraphs(spans: readonly NumberedSpan[], passage: { start: number; end: number }): { first: number; last: number } | null {
  const covered = spans.filter((span) => span.start < passage.end && passage.start < span.end);
  const first = covered[0];
  const last = covered.at(-1);
  return first && last ? { first: first.number, last: last.number } : null;
}
