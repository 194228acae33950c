import { hasLoneSurrogate, isCharacterBoundary, textAfter, textBefore } from "../text/characters";

/**
 * Characters of context kept on each side of a quote (as Hypothesis does). Offsets, lengths
 * and this context are in UTF-16 code units (lib/text/characters.ts), cut at character
 * boundaries, so an emoji at the edge is kept whole or left out, never split.
 */
export const CONTEXT_LENGTH = 32;

/**
 * Where an annotation points in an article's canonical text: a W3C TextPositionSelector
 * (start, end) and a TextQuoteSelector (exact, prefix, suffix) flattened into one record.
 */
export type TextTarget = {
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
};

/** Describes a range of the canonical text with both selectors. */
export function describeRange(text: string, start: number, end: number): TextTarget {
  return {
    start,
    end,
    exact: text.slice(start, end),
    prefix: textBefore(text, start, CONTEXT_LENGTH),
    suffix: textAfter(text, end, CONTEXT_LENGTH),
  };
}

/** Why a range cannot be annotated, or null when it can. */
export function rangeProblem(text: string, target: Pick<TextTarget, "start" | "end" | "exact">, maxLength: number): string | null {
  const { start, end, exact } = target;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length) return "The passage lies outside the text.";
  if (end <= start) return "The passage is empty.";
  if (end - start > maxLength) return `A passage can be at most ${maxLength} characters long.`;
  if (!isCharacterBoundary(text, start) || !isCharacterBoundary(text, end)) return "The passage starts or ends inside a character (such as an emoji): select whole characters.";
  if (hasLoneSurrogate(exact)) return "The quoted passage contains a broken character (half of a UTF-16 surrogate pair).";
  if (text.slice(start, end) !== exact) return "The quoted passage does not match the text at that place.";
  if (!exact.trim()) return "The passage has no text.";
  return null;
}
