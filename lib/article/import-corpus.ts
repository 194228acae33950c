import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ImportResult } from "./draft";
import { cleanInlineText } from "./inline-builder";

// The import corpus: pages copied from the web, written for the tests, with every line tagged
// with what it is (see fixtures/corpus/README.md). This module reads a tagged page and scores
// an importer's guesses against the tags, per kind of line.

/** What a line of a copied page is, as a person would label it. */
export type LineKind = "title" | "meta" | "heading" | "paragraph" | "quote" | "list_item" | "caption" | "leftover";

/** One expected block of a corpus page: its text as the importer should keep it, and its kind. */
export type ExpectedUnit = { text: string; kind: LineKind };

/** A corpus page: the text a person pastes, and what each of its units is. */
export type CorpusPage = { name: string; part: CorpusPart; pasted: string; expected: ExpectedUnit[] };

/** The corpus is split so that figures on text the heuristics were not tuned on stay honest. */
export type CorpusPart = "tuning" | "held-out";

const TAGS: Record<string, LineKind | "continuation"> = {
  t: "title", m: "meta", h: "heading", p: "paragraph", q: "quote", li: "list_item", c: "caption", x: "leftover", "+": "continuation",
};

const corpusFolder = path.join(import.meta.dirname, "fixtures", "corpus");

/** Reads every page of one part of the corpus, or of both. */
export function readCorpus(part?: CorpusPart): CorpusPage[] {
  const parts: CorpusPart[] = part ? [part] : ["tuning", "held-out"];
  return parts.flatMap((name) =>
    readdirSync(path.join(corpusFolder, name))
      .filter((file) => file.endsWith(".txt"))
      .sort()
      .map((file) => parseTaggedPage(file, name, readFileSync(path.join(corpusFolder, name, file), "utf8"))),
  );
}

/** Splits a tagged page into the text to paste and the expected units. */
export function parseTaggedPage(name: string, part: CorpusPart, source: string): CorpusPage {
  const pasted: string[] = [];
  const expected: ExpectedUnit[] = [];
  for (const [index, line] of source.split("\n").entries()) {
    if (line.trim() === "") {
      pasted.push("");
      continue;
    }
    const match = /^([a-z+]{1,2})\|(.*)$/.exec(line);
    const kind = match ? TAGS[match[1]!] : undefined;
    if (!match || !kind) throw new Error(`${name}:${index + 1}: a line must start with a tag such as "p|"`);
    const text = match[2]!;
    pasted.push(text);
    if (kind === "continuation") {
      const previous = expected.at(-1);
      if (!previous) throw new Error(`${name}:${index + 1}: "+|" continues nothing`);
      previous.text += ` ${keptText(text, previous.kind)}`;
    } else {
      expected.push({ text: keptText(text, kind), kind });
    }
  }
  return { name, part, pasted: pasted.join("\n"), expected };
}

// The text the importer keeps of a line: list and quote markers go, white space folds.
function keptText(line: string, kind: LineKind): string {
  const clean = cleanInlineText(line).trim();
  if (kind === "list_item") return clean.replace(/^(?:[-*•+]|\d{1,3}[.)])\s+/, "");
  if (kind === "quote") return clean.replace(/^>\s?/, "");
  return clean;
}

/** What the importer made of one expected unit; "missing" when no block holds its text alone. */
export type Judgement = { expected: LineKind | "none"; guessed: LineKind | "missing"; text: string };

/** Pairs the importer's blocks with the expected units, in order, by their text. */
export function judgePage(page: CorpusPage, result: ImportResult): Judgement[] {
  const blocks = result.blocks.map((block) => ({ text: block.text, kind: (block.flag === "leftover" ? "leftover" : block.type) as LineKind }));
  const used = new Set<number>();
  const judgements: Judgement[] = [];
  let cursor = 0;
  for (const unit of page.expected) {
    if (unit.kind === "title" && result.details.title === unit.text) {
      judgements.push({ expected: "title", guessed: "title", text: unit.text });
      continue;
    }
    const found = blocks.findIndex((block, index) => index >= cursor && block.text === unit.text);
    if (found < 0) {
      // A meta line the importer took into the details is gone from the blocks, as it should be.
      judgements.push({ expected: unit.kind, guessed: unit.kind === "meta" ? "meta" : "missing", text: unit.text });
      continue;
    }
    used.add(found);
    cursor = found + 1;
    judgements.push({ expected: unit.kind, guessed: blocks[found]!.kind, text: unit.text });
  }
  blocks.forEach((block, index) => {
    if (!used.has(index)) judgements.push({ expected: "none", guessed: block.kind, text: block.text });
  });
  return judgements;
}

/** Precision and recall of one kind of line, with the counts behind them. */
export type KindScore = { kind: LineKind; expected: number; guessed: number; correct: number; precision: number; recall: number };

/** Scores judgements per kind of line: precision over what was guessed, recall over what was expected. */
export function scoreJudgements(judgements: readonly Judgement[]): KindScore[] {
  const kinds: LineKind[] = ["title", "meta", "heading", "paragraph", "quote", "list_item", "caption", "leftover"];
  return kinds.map((kind) => {
    const expected = judgements.filter((judgement) => judgement.expected === kind).length;
    const guessed = judgements.filter((judgement) => judgement.guessed === kind).length;
    const correct = judgements.filter((judgement) => judgement.expected === kind && judgement.guessed === kind).length;
    return { kind, expected, guessed, correct, precision: guessed ? correct / guessed : 1, recall: expected ? correct / expected : 1 };
  });
}
