import type { ArticleDetails, DraftBlock, ImportResult } from "./draft";
import {
  bylineAuthor,
  guessLanguage,
  isLikelyLeftover,
  looksLikeCaption,
  looksLikeHeading,
  marksImagePlace,
  parseDateLine,
  wordCount,
} from "./heuristics";
import { cleanInlineText } from "./inline-builder";

/** A piece of pasted text that will become one block, with what its raw lines said about it. */
type Unit = { text: string; quoted: boolean; list?: { ordered: boolean }; position: number };

const LIST_MARKER = /^(?:[-*•+]|(\d{1,3})[.)])\s+(?=\S)/;
const QUOTE_MARKER = /^>\s?/;

/**
 * Imports plain text, typically copied from a web page: splits it into units, takes the title,
 * byline and date from the top, and guesses each unit's type (heading, paragraph, quote, list
 * item, caption), flagging lines that look left over from images or page furniture.
 */
export function importPlainText(source: string): ImportResult {
  const units = splitUnits(source);
  const details = takeHeaderDetails(units);
  const blocks: DraftBlock[] = [];
  for (let index = 0; index < units.length; index++) {
    const unit = units[index]!;
    // Only the unit that stood right under it in the original text follows a block.
    const previous = units[index - 1]?.position === unit.position - 1 ? { unit: units[index - 1]!, block: blocks.at(-1)! } : undefined;
    blocks.push(classify(unit, units[index + 1]?.text, previous));
  }
  const language = guessLanguage(blocks.map((block) => block.text).join(" "));
  return { blocks, details: { ...details, ...(language && { language }) } };
}

function classify(unit: Unit, next: string | undefined, previous: { unit: Unit; block: DraftBlock } | undefined): DraftBlock {
  const { text } = unit;
  const afterImagePlace = previous?.block.flag === "leftover" && marksImagePlace(previous.unit.text);
  const afterQuote = previous?.block.type === "quote";
  if (unit.list) return { type: "list_item", text, ordered: unit.list.ordered };
  if (unit.quoted) return { type: "quote", text };
  if (isLikelyLeftover(text)) return { type: "paragraph", text, flag: "leftover" };
  if (looksLikeCaption(text)) return { type: "caption", text };
  if (afterImagePlace && wordCount(text) <= 30 && !looksLikeHeading(text, next)) return { type: "caption", text };
  if (afterQuote && /^[—―–-]\s?\p{Lu}/u.test(text) && wordCount(text) <= 12) return { type: "quote", text };
  if (isQuotation(text)) return { type: "quote", text };
  if (looksLikeHeading(text, next)) return { type: "heading", text, level: 2 };
  return { type: "paragraph", text };
}

// A paragraph that is one quotation from end to end, long enough not to be a line of dialogue.
function isQuotation(text: string): boolean {
  const match = /^([“"«])(.+)([”"»])$/su.exec(text);
  if (!match || wordCount(text) < 8) return false;
  return !/[“”"«»]/u.test(match[2]!);
}

/** Splits text into units: blank lines separate groups; a hard-wrapped group is one unit, any other group one unit per line. */
function splitUnits(source: string): Unit[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (cleanInlineText(line).trim() === "") {
      if (current.length > 0) groups.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.flatMap(groupUnits).map((unit, position) => ({ ...unit, position }));
}

function groupUnits(rawLines: string[]): Omit<Unit, "position">[] {
  const quoted = rawLines.every((line) => QUOTE_MARKER.test(line.trimStart())) || rawLines.every((line) => /^(?: {4,}|\t)\S/.test(line));
  const lines = rawLines.map((line) => cleanInlineText(quoted ? line.trimStart().replace(QUOTE_MARKER, "") : line).trim()).filter(Boolean);
  if (quoted || isHardWrapped(lines)) return [{ text: lines.join(" "), quoted }];
  const units: Omit<Unit, "position">[] = [];
  for (const raw of rawLines) {
    const line = cleanInlineText(quoted ? raw.trimStart().replace(QUOTE_MARKER, "") : raw).trim();
    if (!line) continue;
    const list = quoted ? null : LIST_MARKER.exec(line);
    const previous = units.at(-1);
    if (list) units.push({ text: line.slice(list[0].length), quoted, list: { ordered: list[1] !== undefined } });
    else if (previous?.list && /^\s{2,}\S/.test(raw)) previous.text += ` ${line}`;
    else units.push({ text: line, quoted });
  }
  return units;
}

// Text wrapped at a fixed width (e-mail, PDF copies): every line but the last is of middling
// length and most end mid-sentence. Web copies put a whole paragraph on one long line instead.
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 2 || lines.some((line) => LIST_MARKER.test(line))) return false;
  const body = lines.slice(0, -1);
  if (!body.every((line) => line.length >= 40 && line.length <= 100)) return false;
  const midSentence = body.filter((line) => !/[.!?:;"”»]$/.test(line)).length;
  return midSentence * 2 > body.length;
}

/** Takes the title, then a byline and a date, from the first few units; removes what it took. */
function takeHeaderDetails(units: Unit[]): Partial<ArticleDetails> {
  const details: Partial<ArticleDetails> = {};
  const titleIndex = units.slice(0, 4).findIndex((unit) => !isLikelyLeftover(unit.text));
  const titleUnit = titleIndex >= 0 ? units[titleIndex] : undefined;
  if (titleUnit && !titleUnit.list && !titleUnit.quoted && isTitleLike(titleUnit.text) && units.length > titleIndex + 1) {
    details.title = titleUnit.text;
    units.splice(titleIndex, 1);
  }
  for (let index = 0; index < Math.min(units.length, 5); index++) {
    const parts = units[index]!.text.split(/\s+[·|•—–]\s+/);
    const found = parts.map((part) => ({ author: bylineAuthor(part), date: parseDateLine(part) }));
    if (!found.every((item) => item.author || item.date)) continue;
    for (const item of found) {
      if (item.author && !details.author) details.author = item.author;
      if (item.date && !details.publishedOn) details.publishedOn = item.date;
    }
    units.splice(index, 1);
    index--;
  }
  return details;
}

function isTitleLike(text: string): boolean {
  const words = wordCount(text);
  return words > 0 && words <= 24 && text.length <= 200 && !/[.,;:]$/.test(text) && !looksLikeCaption(text);
}
