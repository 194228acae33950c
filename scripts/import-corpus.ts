import { importPlainText } from "../lib/article/plain-text-import";
import { judgePage, readCorpus, scoreJudgements, type CorpusPart, type Judgement } from "../lib/article/import-corpus";

/**
 * `npm run import:corpus`: how well plain-text import types the lines of the corpus of copied
 * web pages, per kind of line, on the tuning part and on the held-out part.
 * `--mistakes` also lists every line it typed wrongly.
 */
const showMistakes = process.argv.includes("--mistakes");

/** Precision and recall per kind of line on one part of the corpus, as printable lines. */
export function corpusReport(part: CorpusPart): string[] {
  const pages = readCorpus(part);
  const judgements: Judgement[] = [];
  const mistakes: string[] = [];
  for (const page of pages) {
    for (const judgement of judgePage(page, importPlainText(page.pasted))) {
      judgements.push(judgement);
      if (judgement.expected !== judgement.guessed) mistakes.push(`    ${page.name}: ${judgement.expected} → ${judgement.guessed}: ${judgement.text.slice(0, 90)}`);
    }
  }
  const rows = scoreJudgements(judgements).map(
    (score) =>
      `  ${score.kind.padEnd(10)} ${String(score.expected).padStart(8)} ${String(score.guessed).padStart(8)} ${String(score.correct).padStart(8)}` +
      `   ${score.precision.toFixed(2).padStart(9)} ${score.recall.toFixed(2).padStart(6)}`,
  );
  return [
    `${part} (${pages.length} pages)`,
    `  ${"kind".padEnd(10)} ${"expected".padStart(8)} ${"guessed".padStart(8)} ${"correct".padStart(8)}   precision recall`,
    ...rows,
    ...(showMistakes && mistakes.length ? ["  mistakes:", ...mistakes] : []),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(["Plain-text import on the corpus of copied web pages", "", ...corpusReport("tuning"), "", ...corpusReport("held-out"), ""].join("\n") + "\n");
}
