import type { Passage } from "../protocol";

// A selection made with the mouse often starts or stops inside a word ("…factory owne"); quoted
// on a wall-sized screen it must read as words, between a pair of quotation marks.

const WORD = /[\p{L}\p{N}'’-]/u;

/** The passage widened to whole words of the text it was taken from, without white space at its ends. */
export function wholeWordPassage(text: string, passage: Passage): Passage {
  if (text.slice(passage.start, passage.end) !== passage.exact) return passage;
  let start = passage.start;
  let end = passage.end;
  while (start > 0 && WORD.test(text[start - 1]!) && WORD.test(text[start]!)) start--;
  while (end < text.length && WORD.test(text[end]!) && WORD.test(text[end - 1]!)) end++;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end, exact: text.slice(start, end) };
}

const PAIRS: [string, string][] = [
  ["“", "”"],
  ["«", "»"],
  ["‘", "’"],
];

/**
 * The passage's paragraphs as quoted text: an opening mark before the first, a closing one after
 * the last, and any mark opened inside the passage but closed after it closed too.
 */
export function quotedParagraphs(exact: string): string[] {
  const parts = exact.split(/\n{2,}/).filter((part) => part.trim());
  if (parts.length === 0) return [];
  const closers = PAIRS.filter(([open, close]) => count(exact, open) > count(exact, close) && open !== "‘").map(([, close]) => close);
  if (count(exact, '"') % 2 === 1) closers.push('"');
  const last = parts.length - 1;
  return parts.map((part, index) => `${index === 0 ? "“" : ""}${part}${index === last ? `${closers.reverse().join("")}”` : ""}`);
}

function count(text: string, mark: string): number {
  return text.split(mark).length - 1;
}
