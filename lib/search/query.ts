/** The characters that mark the start and end of a matched word in snippets (never in user text). */
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

/** Longest search text accepted, and most words used from it. */
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

/** The words a search looks for, as the person typed them (at most eight). */
export function queryWords(input: string): string[] {
  return input.slice(0, MAX_QUERY_LENGTH).match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
}

/** Whether the last word also matches as a prefix ("organiz" → "organización"). */
const prefixes = (word: string) => word.length >= 3;

/**
 * Turns what a person typed into a safe FTS5 query: every word quoted (so no FTS5 syntax
 * can be injected), all words required, the last one also matching as a prefix. Accents and
 * case are handled by the tokenizer. Null when there is nothing to search for.
 */
export function toMatchExpression(input: string): string | null {
  const words = queryWords(input);
  if (words.length === 0) return null;
  return words.map((word, index) => (index === words.length - 1 && prefixes(word) ? `"${word}"*` : `"${word}"`)).join(" AND ");
}

/** A word as the index compares it: lower case, accents removed (like unicode61 remove_diacritics 2). */
export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/**
 * A short excerpt of a hit's text around its first match, every matched word wrapped in
 * MATCH_START/MATCH_END — matched the way the index matches (accents and case ignored, the
 * last word as a prefix), so "organizacion" marks "organización".
 */
export function markedSnippet(text: string, input: string, before = 10, after = 18): string {
  const words = queryWords(input).map(foldWord);
  const last = words.length - 1;
  const matches = (token: string) => {
    const folded = foldWord(token);
    return words.some((word, index) => folded === word || (index === last && prefixes(word) && folded.startsWith(word)));
  };
  const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, hit: matches(match[0]) }));
  if (tokens.length === 0) return text.slice(0, 200);
  const first = Math.max(0, tokens.findIndex((token) => token.hit));
  const from = Math.max(0, first - before);
  const to = Math.min(tokens.length - 1, first + after);
  let out = from > 0 ? "…" : "";
  let cursor = tokens[from]!.start;
  for (let index = from; index <= to; index++) {
    const token = tokens[index]!;
    out += text.slice(cursor, token.start);
    const word = text.slice(token.start, token.end);
    out += token.hit ? `${MATCH_START}${word}${MATCH_END}` : word;
    cursor = token.end;
  }
  if (to < tokens.length - 1) out += "…";
  else out += text.slice(cursor);
  return out.replace(/\s+/g, " ").trim();
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
