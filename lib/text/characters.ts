/**
 * The one text unit of Study Circle: **UTF-16 code units**, as JavaScript strings, the DOM's
 * Range offsets and both databases' stored strings count them. Offsets into an article's
 * canonical text, passage lengths, comment lengths and every cut (a quote's prefix and
 * suffix, a comment cut for rendering) are in that unit, and none of them may fall inside a
 * character: not between the two halves of a surrogate pair, and not inside a grapheme
 * cluster (an emoji with its skin tone, a family joined by ZWJ, a letter with its accent),
 * which is what a reader sees as one character.
 */

let graphemes: Intl.Segmenter | undefined;

/**
 * The grapheme segmenter, made on first need: making one loads the browser's segmentation data
 * (a few hundred milliseconds on a slow phone, in one task), and plain text never needs it.
 */
function segmenter(): Intl.Segmenter {
  return (graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" }));
}

/** How far around an offset to look for the grapheme it falls in (longer clusters are not real text). */
const CLUSTER_WINDOW = 64;

/** Whether the text holds a lone surrogate (half a character), which no database stores faithfully. */
export function hasLoneSurrogate(text: string): boolean {
  return /\p{Cs}/u.test(text);
}

/** The text with each lone surrogate replaced by U+FFFD, as a database would store it anyway. */
export function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, "\uFFFD");
}

/** Whether the text has something to read: not only white space and invisible characters (zero-width spaces, joiners…). */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Default_Ignorable_Code_Point}]/u.test(text);
}

/** The offsets of grapheme boundaries in text[from, to), relative to the whole text. */
function boundariesNear(text: string, offset: number): { from: number; boundaries: number[] } {
  const from = Math.max(0, offset - CLUSTER_WINDOW);
  const to = Math.min(text.length, offset + CLUSTER_WINDOW);
  const boundaries = [...segmenter().segment(text.slice(from, to))].map((segment) => from + segment.index);
  boundaries.push(to);
  return { from, boundaries };
}

/**
 * Whether an offset is a character boundary for certain without asking the segmenter (which
 * costs tens of microseconds a call, and every annotation asks several times): both neighbours
 * lie below U+0300, where Unicode has no combining mark, joiner, emoji or other character that
 * clings to its neighbour, and they are not CR LF. Anything else goes to the segmenter.
 */
function plainBoundary(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before < 0x300 && after < 0x300 && !(before === 0x0d && after === 0x0a);
}

/** Whether an offset lies between two characters as a reader sees them (grapheme clusters). */
export function isCharacterBoundary(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length || plainBoundary(text, offset)) return true;
  return boundariesNear(text, offset).boundaries.includes(offset);
}

/** The nearest character boundary at or before an offset. */
export function boundaryBefore(text: string, offset: number): number {
  if (offset <= 0) return 0;
  if (offset >= text.length) return text.length;
  if (plainBoundary(text, offset)) return offset;
  const { from, boundaries } = boundariesNear(text, offset);
  return boundaries.filter((boundary) => boundary <= offset).at(-1) ?? from;
}

/** The nearest character boundary at or after an offset. */
export function boundaryAfter(text: string, offset: number): number {
  if (offset <= 0) return 0;
  if (offset >= text.length) return text.length;
  if (plainBoundary(text, offset)) return offset;
  return boundariesNear(text, offset).boundaries.find((boundary) => boundary >= offset) ?? text.length;
}

/** A selection widened to whole characters, so a passage never starts or ends inside one. */
export function snapToCharacters(text: string, start: number, end: number): { start: number; end: number } {
  return { start: boundaryBefore(text, start), end: boundaryAfter(text, end) };
}

/** At most `length` units of text ending at `end`, cut at a character boundary (never half an emoji). */
export function textBefore(text: string, end: number, length: number): string {
  return text.slice(boundaryAfter(text, Math.max(0, end - length)), end);
}

/** At most `length` units of text starting at `start`, cut at a character boundary. */
export function textAfter(text: string, start: number, length: number): string {
  return text.slice(start, boundaryBefore(text, Math.min(text.length, start + length)));
}
