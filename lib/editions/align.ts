import { isTextBlock, type Block } from "../article/blocks";
import type { Alignment, AlignmentLink } from "./alignment";

/**
 * Aligns an article's blocks with those of its edition in another language, paragraph by
 * paragraph, from the structure alone (no translation): Gale and Church's length-based
 * dynamic programme (a translated paragraph is about as long as its original, times the
 * languages' overall ratio), steered by anchors that survive translation — headings, numbers
 * and capitalised names. Beads are 1–1, 1–2, 2–1 (a paragraph split or joined by the
 * translator), and 1–0 or 0–1 (a paragraph with no counterpart).
 */
export function alignBlocks(source: readonly Block[], target: readonly Block[]): Alignment {
  const left = source.filter(isTextBlock).map(profile);
  const right = target.filter(isTextBlock).map(profile);
  if (left.length === 0 || right.length === 0) return [...left.map((block) => link([block.id], [])), ...right.map((block) => link([], [block.id]))];
  // A first pass with the texts' overall length ratio; then the ratio of the paragraphs it
  // paired one to one, which a long untranslated note cannot skew, for the final pass.
  const first = align(left, right, total(right) / total(left));
  const ratios = first.filter((bead) => bead.left.length === 1 && bead.right.length === 1).map((bead) => bead.right[0]!.length / bead.left[0]!.length);
  const beadsFound = ratios.length > 0 ? align(left, right, median(ratios)) : first;
  return beadsFound.map((bead) =>
    link(
      bead.left.map((block) => block.id),
      bead.right.map((block) => block.id),
    ),
  );
}

type Bead = { left: Profile[]; right: Profile[] };

function align(left: Profile[], right: Profile[], lengthRatio: number): Bead[] {
  const ratio = Math.max(0.2, Math.min(5, lengthRatio));
  const rows = left.length + 1;
  const columns = right.length + 1;
  // Only cells near the diagonal: paragraphs stray from their place by a few at most.
  const band = 30 + Math.abs(left.length - right.length);
  const cost = new Float64Array(rows * columns).fill(Infinity);
  const step = new Int8Array(rows * columns).fill(-1);
  cost[0] = 0;
  for (let i = 0; i < rows; i++) {
    const centre = Math.round((i * right.length) / left.length);
    for (let j = Math.max(0, centre - band); j <= Math.min(right.length, centre + band); j++) {
      const here = cost[i * columns + j]!;
      if (here === Infinity) continue;
      for (let shape = 0; shape < beadShapes.length; shape++) {
        const [takeLeft, takeRight] = beadShapes[shape]!;
        const ni = i + takeLeft;
        const nj = j + takeRight;
        if (ni >= rows || nj >= columns) continue;
        const next = here + beadCost(left.slice(i, ni), right.slice(j, nj), ratio, shape);
        if (next < cost[ni * columns + nj]!) {
          cost[ni * columns + nj] = next;
          step[ni * columns + nj] = shape;
        }
      }
    }
  }
  const found: Bead[] = [];
  let i = left.length;
  let j = right.length;
  while (i > 0 || j > 0) {
    const [takeLeft, takeRight] = beadShapes[step[i * columns + j]!]!;
    found.push({ left: left.slice(i - takeLeft, i), right: right.slice(j - takeRight, j) });
    i -= takeLeft;
    j -= takeRight;
  }
  return found.reverse();
}

/** What alignment looks at in a block. */
type Profile = { id: string; heading: boolean; length: number; numbers: string[]; names: string[] };

// The bead shapes and their prior probabilities: Gale & Church's (1993) for sentences, with
// fewer joins and more lone paragraphs, as translators keep paragraphs but add notes.
const beadShapes: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 2],
];
const beadPenalty = [0.9, 0.02, 0.02, 0.03, 0.03].map((probability) => -Math.log(probability));

// Variance of the target length per source character (Gale & Church's s²).
const VARIANCE = 6.8;
// What one shared number or name is worth, and what one number found on one side only costs.
const SHARED_NUMBER = 4;
const SHARED_NAME = 3;
const LONE_NUMBER = 1.5;
// A heading facing a paragraph is almost never right; two headings facing each other almost always are.
const HEADING_MISMATCH = 12;
const HEADING_MATCH = 2;

function beadCost(left: readonly Profile[], right: readonly Profile[], ratio: number, shape: number): number {
  const numbers = anchors(
    left.flatMap((block) => block.numbers),
    right.flatMap((block) => block.numbers),
  );
  let cost = beadPenalty[shape]! + LONE_NUMBER * numbers.lone - SHARED_NUMBER * numbers.shared;
  if (left.length === 0 || right.length === 0) return cost;
  cost += lengthCost(total(left), total(right), ratio);
  const leftHeadings = left.filter((block) => block.heading).length;
  const rightHeadings = right.filter((block) => block.heading).length;
  if (left.length === 1 && right.length === 1) cost += leftHeadings === rightHeadings ? -HEADING_MATCH * leftHeadings : HEADING_MISMATCH;
  else if (leftHeadings + rightHeadings > 0) cost += HEADING_MISMATCH;
  const names = anchors(
    left.flatMap((block) => block.names),
    right.flatMap((block) => block.names),
  );
  return cost - SHARED_NAME * names.shared;
}

/** −log of the probability that texts of these lengths translate each other (two-tailed normal). */
function lengthCost(leftLength: number, rightLength: number, ratio: number): number {
  const mean = (leftLength + rightLength / ratio) / 2;
  const delta = (rightLength - leftLength * ratio) / Math.sqrt(Math.max(1, mean) * VARIANCE);
  const probability = 2 * (1 - normalCdf(Math.abs(delta)));
  return -Math.log(Math.max(probability, 1e-12));
}

/** How many values the two sides share (as multisets), and how many are left on one side only. */
function anchors(left: readonly string[], right: readonly string[]): { shared: number; lone: number } {
  const taken = new Array<boolean>(right.length).fill(false);
  let shared = 0;
  for (const value of left) {
    const at = right.findIndex((candidate, index) => !taken[index] && candidate === value);
    if (at < 0) continue;
    taken[at] = true;
    shared++;
  }
  return { shared, lone: left.length + right.length - 2 * shared };
}

function profile(block: Block): Profile {
  return { id: block.id, heading: block.type === "heading", length: Math.max(1, block.text.length), numbers: numbersIn(block.text), names: namesIn(block.text) };
}

/**
 * The numbers in a text, written without separators so "1,200" and "1.200", or "37.5" and
 * "37,5", are the same anchor in both languages.
 */
export function numbersIn(text: string): string[] {
  return (text.match(/\d(?:[\d.,\u00a0\u202f ]*\d)?/g) ?? []).map((number) => number.replace(/\D/g, "").replace(/^0+(?=\d)/, ""));
}

/**
 * The capitalised names in a text (people, places, organisations, acronyms): capitalised
 * words that do not begin a sentence, compared without accents or case. Translations keep
 * most of them as they are.
 */
export function namesIn(text: string): string[] {
  const names: string[] = [];
  let lastEnd = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)) {
    const word = match[0];
    const before = text.slice(lastEnd, match.index);
    const sentenceStart = lastEnd === 0 || /[.!?:;¿¡]["”»)]?\s*["“«(¿¡]*\s*$/.test(before);
    lastEnd = match.index + word.length;
    if (sentenceStart || word.length < 2 || !/^\p{Lu}/u.test(word)) continue;
    names.push(word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
  }
  return names;
}

function link(source: string[], target: string[]): AlignmentLink {
  return { source, target };
}

function total(blocks: readonly Profile[]): number {
  return blocks.reduce((length, block) => length + block.length, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

// Abramowitz & Stegun 26.2.17: the standard normal distribution function, to 7.5e-8.
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * x);
  const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return 1 - tail;
}
