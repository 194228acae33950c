import type { ArticleDetails, DraftBlock, ImportResult } from "./draft";
import {
  guessLanguage,
  isLikelyLeftover,
  isEchoedByCaption,
  isNameLike,
  isPageFurniture,
  opensComments,
  looksLikeCaption,
  looksLikeHeading,
  looksLikeProse,
  marksImagePlace,
  readMetaLine,
  showsCaptionCues,
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
  const { details, before } = takeHeaderDetails(units);
  const blocks: DraftBlock[] = [];
  for (let index = 0; index < units.length; index++) {
    const unit = units[index]!;
    // Only the unit that stood right under it in the original text follows a block.
    const previous = units[index - 1]?.position === unit.position - 1 ? { unit: units[index - 1]!, block: blocks.at(-1)! } : undefined;
    blocks.push(index < before ? asLeftover(unit) : classify(unit, units[index + 1]?.text, previous));
  }
  const typed = [flagMenuRuns, flagLinkLists, flagPageTail, unheadInterviewQuestions].reduce((current, pass) => pass(current), blocks);
  const language = guessLanguage(typed.map((block) => block.text).join(" "));
  return { blocks: typed, details: { ...details, ...(language && { language }) } };
}

function asLeftover(unit: Unit): DraftBlock {
  return unit.list ? { type: "list_item", text: unit.text, ordered: unit.list.ordered, flag: "leftover" } : { type: "paragraph", text: unit.text, flag: "leftover" };
}

function classify(unit: Unit, next: string | undefined, previous: { unit: Unit; block: DraftBlock } | undefined): DraftBlock {
  const { text } = unit;
  const afterImagePlace = previous?.block.flag === "leftover" && (marksImagePlace(previous.unit.text) || isEchoedByCaption(previous.unit.text, text));
  const afterQuote = previous?.block.type === "quote";
  if (unit.list) return { type: "list_item", text, ordered: unit.list.ordered };
  if (unit.quoted) return { type: "quote", text };
  if (isLikelyLeftover(text) || isEchoedByCaption(text, next)) return { type: "paragraph", text, flag: "leftover" };
  if (looksLikeCaption(text)) return { type: "caption", text };
  if (afterQuote && /^[—―–-]\s?\p{Lu}/u.test(text) && wordCount(text) <= 12) return { type: "quote", text };
  if (isQuotation(text)) return { type: "quote", text };
  if (next !== undefined && isUnpunctuatedCaption(text, afterImagePlace)) return { type: "caption", text };
  // "Imran Shah, driver" under the photo: a heading seldom holds a comma.
  if (afterImagePlace && text.includes(",") && wordCount(text) <= 30) return { type: "caption", text };
  if (looksLikeHeading(text, next)) return { type: "heading", text, level: 2 };
  if (afterImagePlace && wordCount(text) <= 30) return { type: "caption", text };
  return { type: "paragraph", text };
}

// A photo caption copied from a page is a line without the full stop a paragraph ends with:
// right under an image's left-over, or long, or naming people, a place and a date.
function isUnpunctuatedCaption(text: string, afterImagePlace: boolean): boolean {
  if (/[.!?…:;]["”»)]?$/.test(text)) return false;
  const words = wordCount(text);
  if (afterImagePlace) return words >= 5;
  return words > 12 || (words >= 6 && showsCaptionCues(text));
}

// A paragraph that is one quotation from end to end, long enough not to be a line of dialogue.
function isQuotation(text: string): boolean {
  const match = /^([“"«])(.+)([”"»])$/su.exec(text);
  if (!match || wordCount(text) < 8) return false;
  return !/[“”"«»]/u.test(match[2]!);
}

// Whether a block is article text that ends a sentence, as opposed to a line of the page around it.
function isProse(block: DraftBlock): boolean {
  return !block.flag && block.type !== "heading" && block.type !== "caption" && looksLikeProse(block.text);
}

// Menus, share buttons and tag clouds come as runs of short lines; a heading is one short line
// followed by its section, so a short line followed by prose is never part of a run.
function flagMenuRuns(blocks: DraftBlock[]): DraftBlock[] {
  const short = blocks.map((block, index) => {
    if (block.type === "list_item" || block.type === "quote") return false;
    if (blocks[index + 1] && isProse(blocks[index + 1]!)) return false;
    return Boolean(block.flag) || (wordCount(block.text) <= 6 && !/[.!?]["”»]?$/.test(block.text));
  });
  return blocks.map((block, index) => {
    let start = index;
    while (start > 0 && short[start - 1]) start--;
    let end = index;
    while (end < blocks.length - 1 && short[end + 1]) end++;
    return short[index] && end - start >= 2 ? withFlag(block) : block;
  });
}

const LINK_LIST_CUE =
  /^(?:related|relacionad[oa]s?|noticias relacionadas|latest|recent|more (?:from|interviews|stories|articles|news)|más (?:entrevistas|noticias|artículos)|most (?:read|viewed|popular)|lo más (?:leído|visto)|últimas|entradas recientes|categories|categorías|archives|archivos|topics|temas|read next|te puede interesar)\b/i;

// "Related articles" and its kin introduce a list of other pages' titles, which read like
// headings; they end where a line is followed by a paragraph again.
function flagLinkLists(blocks: DraftBlock[]): DraftBlock[] {
  const result = [...blocks];
  for (let index = 0; index < result.length; index++) {
    if (!LINK_LIST_CUE.test(result[index]!.text)) continue;
    result[index] = withFlag(result[index]!);
    for (let item = index + 1; item < result.length && !isProse(result[item]!); item++) {
      if (result[item + 1] && isProse(result[item + 1]!)) break;
      result[item] = withFlag(result[item]!);
    }
  }
  return result;
}

// After the article's last sentence, or from where readers' comments begin, a page has only its
// footer: once a line there is known furniture, every line there is.
function flagPageTail(blocks: DraftBlock[]): DraftBlock[] {
  const comments = blocks.findIndex((block, index) => index > blocks.length / 2 && opensComments(block.text));
  let last = comments >= 0 ? comments - 1 : blocks.length - 1;
  while (last >= 0 && !isProse(blocks[last]!) && !(blocks[last]!.type === "list_item" && !blocks[last]!.flag)) last--;
  const tail = blocks.slice(last + 1);
  if (!tail.some((block) => block.flag || isPageFurniture(block.text))) return blocks;
  return [...blocks.slice(0, last + 1), ...tail.map(withFlag)];
}

// An interview alternates short questions and their answers: the questions are its paragraphs,
// not its headings. A single short question stays a heading.
function unheadInterviewQuestions(blocks: DraftBlock[]): DraftBlock[] {
  const asksAndAnswers = (block: DraftBlock, index: number) => /\?$/.test(block.text) && block.type !== "quote" && isProse(blocks[index + 1] ?? { type: "heading", text: "" });
  if (blocks.filter(asksAndAnswers).length < 3) return blocks;
  return blocks.map((block, index) => (block.type === "heading" && asksAndAnswers(block, index) ? { type: "paragraph", text: block.text } : block));
}

function withFlag(block: DraftBlock): DraftBlock {
  if (block.flag) return block;
  if (block.type === "heading" || block.type === "caption") return { type: "paragraph", text: block.text, flag: "leftover" };
  return { ...block, flag: "leftover" };
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
    const line = cleanInlineText(raw).trim();
    if (!line) continue;
    const list = LIST_MARKER.exec(line);
    const previous = units.at(-1);
    if (list) units.push({ text: line.slice(list[0].length), quoted: false, list: { ordered: list[1] !== undefined } });
    else if (previous?.list && /^\s{2,}\S/.test(raw)) previous.text += ` ${line}`;
    // A quotation marked on its own line, with its attribution on the next.
    else if (QUOTE_MARKER.test(line)) units.push({ text: line.replace(QUOTE_MARKER, ""), quoted: true });
    else units.push({ text: line, quoted: false });
  }
  return units;
}

// Text wrapped at a fixed width (e-mail, PDF copies): every line but the last is of middling
// length, none is longer than the width, and most end mid-sentence. Web copies put a whole
// paragraph on one long line instead, often under a title or heading of middling length.
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 2 || lines.some((line) => LIST_MARKER.test(line))) return false;
  const body = lines.slice(0, -1);
  if (!body.every((line) => line.length >= 40 && line.length <= 100)) return false;
  const width = Math.max(...body.map((line) => line.length));
  if (lines.at(-1)!.length > width + 2) return false;
  if (lines.length === 2 && /[:;]$|^[\p{Lu}\d¿¡]/u.test(lines[1]!) && !/[,]$/.test(lines[0]!)) return false;
  const midSentence = body.filter((line) => !/[.!?:;"”»]$/.test(line)).length;
  return midSentence * 2 > body.length;
}

const HEADER_REACH = 15;

/**
 * Takes the title, bylines and dates from the top and removes them from the units. The title
 * is the line just above the first byline or date; without one, the first line that is not a
 * leftover. Returns how many units stand before the title — the page's menus and banners.
 */
function takeHeaderDetails(units: Unit[]): { details: Partial<ArticleDetails>; before: number } {
  const details: Partial<ArticleDetails> = {};
  const firstMeta = units.slice(0, HEADER_REACH).findIndex((unit) => !unit.list && !unit.quoted && readMetaLine(unit.text));
  // A byline without "By" ("Redacción") may stand between the title and the date.
  const bylineAbove = firstMeta > 1 && isNameLike(units[firstMeta - 1]!.text) && wordCount(units[firstMeta - 1]!.text) <= 4;
  const aboveMeta = bylineAbove ? firstMeta - 2 : firstMeta - 1;
  let titleIndex = aboveMeta >= 0 && isTitleLike(units[aboveMeta]!) ? aboveMeta : -1;
  if (titleIndex < 0) titleIndex = units.slice(0, 8).findIndex((unit) => !isLikelyLeftover(unit.text) && wordCount(unit.text) > 0);
  const titleUnit = titleIndex >= 0 ? units[titleIndex] : undefined;
  if (!titleUnit || !isTitleLike(titleUnit) || units.length <= titleIndex + 1) return { details: takeMeta(units, 0, details), before: 0 };
  details.title = titleUnit.text;
  if (bylineAbove && titleIndex === aboveMeta) details.author = units.splice(titleIndex + 1, 1)[0]!.text;
  units.splice(titleIndex, 1);
  return { details: takeMeta(units, titleIndex, details), before: titleIndex };
}

// Bylines and dates sit together just under the title, perhaps after a share row.
function takeMeta(units: Unit[], from: number, details: Partial<ArticleDetails>): Partial<ArticleDetails> {
  for (let index = from; index < Math.min(units.length, from + 5); index++) {
    const unit = units[index]!;
    const meta = unit.list || unit.quoted ? undefined : readMetaLine(unit.text);
    if (!meta) continue;
    if (meta.author && !details.author) details.author = meta.author;
    if (meta.date && !details.publishedOn) details.publishedOn = meta.date;
    units.splice(index, 1);
    index--;
  }
  return details;
}

function isTitleLike(unit: Unit): boolean {
  const { text } = unit;
  const words = wordCount(text);
  return !unit.list && !unit.quoted && words > 0 && words <= 24 && text.length <= 200 && !/[.,;:]$/.test(text) && !looksLikeCaption(text);
}
