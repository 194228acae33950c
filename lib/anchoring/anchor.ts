import search from "approx-string-match";
import type { TextTarget } from "./selectors";

/** Where a target was found in a (possibly revised) text, and how sure we are. */
export type Anchor = {
  start: number;
  end: number;
  /** 0–1; 1 means found exactly where it was, with the same context. */
  confidence: number;
  method: "position" | "quote" | "fuzzy";
};

/** Below this confidence a match is not trusted: the annotation is orphaned instead. */
export const MIN_CONFIDENCE = 0.75;

/** Two candidates closer than this are indistinguishable: better orphaned than wrong. */
const AMBIGUITY_MARGIN = 0.06;

type Candidate = { start: number; end: number; errors: number };

/**
 * Finds a target in a text: first at its recorded position, then by its exact quote, then
 * by an approximate match, each candidate weighed by its context and distance from the old
 * position. Returns null (orphaned) when nothing matches well or when look-alike passages
 * cannot be told apart.
 */
export function anchorTarget(text: string, target: TextTarget): Anchor | null {
  if (!target.exact) return null;
  if (text.slice(target.start, target.end) === target.exact) {
    const context = contextScore(text, target, target.start, target.end);
    if (context >= 0.5 || target.exact.length >= 40) return { start: target.start, end: target.end, confidence: round(0.8 + 0.2 * context), method: "position" };
  }
  const exactMatches = occurrences(text, target.exact);
  if (exactMatches.length > 0) return pickBest(text, target, exactMatches, "quote");
  const maxErrors = Math.min(256, Math.floor(target.exact.length / 4));
  if (maxErrors === 0) return null;
  return pickBest(text, target, search(text, target.exact, maxErrors), "fuzzy");
}

function pickBest(text: string, target: TextTarget, candidates: Candidate[], method: "quote" | "fuzzy"): Anchor | null {
  const scored = candidates.map((candidate) => ({ candidate, score: score(text, target, candidate) })).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < MIN_CONFIDENCE) return null;
  if (second && best.score - second.score < AMBIGUITY_MARGIN) return null;
  return { start: best.candidate.start, end: best.candidate.end, confidence: round(best.score), method };
}

function score(text: string, target: TextTarget, candidate: Candidate): number {
  const quote = 1 - candidate.errors / target.exact.length;
  const context = contextScore(text, target, candidate.start, candidate.end);
  const distance = Math.abs(candidate.start - target.start) / Math.max(1, text.length);
  return (60 * quote + 36 * context + 4 * (1 - distance)) / 100;
}

/** How well the text around a place matches the recorded prefix and suffix (0–1). */
function contextScore(text: string, target: TextTarget, start: number, end: number): number {
  const parts: number[] = [];
  if (target.prefix) parts.push(similarity(text.slice(Math.max(0, start - target.prefix.length), start), target.prefix));
  if (target.suffix) parts.push(similarity(text.slice(end, end + target.suffix.length), target.suffix));
  if (parts.length === 0) return 1;
  return parts.reduce((sum, part) => sum + part, 0) / parts.length;
}

/** Similarity of a piece of text to expected context, tolerant of small edits (0–1). */
function similarity(actual: string, expected: string): number {
  if (actual === expected) return 1;
  if (!actual) return 0;
  const matches = search(actual, expected, Math.ceil(expected.length / 2));
  const errors = matches.length ? Math.min(...matches.map((match) => match.errors)) : expected.length;
  const lengthGap = Math.abs(expected.length - actual.length) / 2;
  return Math.max(0, 1 - Math.min(expected.length, errors + lengthGap) / expected.length);
}

function occurrences(text: string, exact: string): Candidate[] {
  const found: Candidate[] = [];
  for (let index = text.indexOf(exact); index !== -1; index = text.indexOf(exact, index + 1)) {
    found.push({ start: index, end: index + exact.length, errors: 0 });
  }
  return found;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
