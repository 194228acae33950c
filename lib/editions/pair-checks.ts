import type { Block } from "../article/blocks";
import { numbersIn } from "./align";
import type { AlignmentLink } from "./alignment";

/** What looks wrong in one pair of an alignment, for the preview to point out. */
export type PairWarning = "numbers" | "heading";

/**
 * Checks one pair: numbers that appear on one side only (a sign the pair is off by one, or
 * a number written in words), and a heading facing a paragraph.
 */
export function pairWarnings(link: AlignmentLink, source: ReadonlyMap<string, Block>, target: ReadonlyMap<string, Block>): PairWarning[] {
  const left = link.source.flatMap((id) => source.get(id) ?? []);
  const right = link.target.flatMap((id) => target.get(id) ?? []);
  if (left.length === 0 || right.length === 0) return [];
  const warnings: PairWarning[] = [];
  const leftNumbers = left.flatMap((block) => numbersIn(block.text)).sort();
  const rightNumbers = right.flatMap((block) => numbersIn(block.text)).sort();
  if (leftNumbers.join(" ") !== rightNumbers.join(" ")) warnings.push("numbers");
  if (left.some((block) => block.type === "heading") !== right.some((block) => block.type === "heading")) warnings.push("heading");
  return warnings;
}
