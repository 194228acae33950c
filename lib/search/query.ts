/** The characters that mark the start and end of a matched word in snippets (never in user text). */
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

/** Longest search text accepted, and most words used from it. */
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

/**
 * Turns what a person typed into a safe FTS5 query: every word quoted (so no FTS5 syntax
 * can be injected), all words required, the last one also matching as a prefix
 * ("organiz" finds "organización"). Accents and case are handled by the tokenizer.
 * Null when there is nothing to search for.
 */
export function toMatchExpression(input: string): string | null {
  const words = input.slice(0, MAX_QUERY_LENGTH).match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
  if (words.length === 0) return null;
  return words.map((word, index) => (index === words.length - 1 && word.length >= 3 ? `"${word}"*` : `"${word}"`)).join(" AND ");
}

/** One stretch of a snippet: plain text, or a matched word to highlight. */
export type SnippetPart = { text: string; match: boolean };

/** Splits a snippet marked with MATCH_START/MATCH_END into parts, so it renders without any HTML injection. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let current = "";
  for (const character of snippet) {
    if (character === MATCH_START || character === MATCH_END) {
      if (current) parts.push({ text: current, match });
      current = "";
      match = character === MATCH_START;
      continue;
    }
    current += character;
  }
  if (current) parts.push({ text: current, match });
  return parts;
}
