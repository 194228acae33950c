import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generatedSections, samplePdf } from "../../lib/article/fixtures/documents";

/** One benchmark figure. */
export type DocumentBenchResult = { name: string; value: number; unit: string };

type ChildFigures = {
  extractMs: number;
  layoutMs: number;
  finaliseMs: number;
  totalMs: number;
  extractCpuMs: number;
  layoutCpuMs: number;
  totalCpuMs: number;
  pages: number;
  items: number;
  blocks: number;
  words: number;
  pagesMarked: number;
  baselineMb: number;
  peakMb: number;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Typesets a PDF of about `pages` pages (one column, justified, hyphenated, running heads,
 * page numbers, footnotes), then imports it `runs` times, each in a fresh process so its peak
 * memory is its own: the text taken apart in the worker thread, the layout analysis, and the
 * blocks finalised as a save would. Prints the medians and returns them.
 */
export async function benchDocuments({ pages = 300, runs = 3, print = console.log } = {}): Promise<DocumentBenchResult[]> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "sc-bench-pdf-"));
  try {
    const madeAt = performance.now();
    const pdf = await samplePdf({ sections: generatedSections(pages * 570), notes: true });
    const makeMs = performance.now() - madeAt;
    const file = path.join(folder, "long.pdf");
    writeFileSync(file, pdf.bytes);
    const child = path.join(import.meta.dirname, "document-child.ts");
    const figures: ChildFigures[] = [];
    for (let run = 0; run < runs; run++) {
      const output = execFileSync(process.execPath, ["--import", "tsx", child, file], { encoding: "utf8", maxBuffer: 1024 * 1024 });
      figures.push(JSON.parse(output.trim().split("\n").at(-1)!) as ChildFigures);
    }
    const first = figures[0]!;
    const of = (key: keyof ChildFigures) => median(figures.map((figure) => figure[key]));
    const results: DocumentBenchResult[] = [
      { name: "PDF pages", value: first.pages, unit: "pages" },
      { name: "PDF size", value: pdf.bytes.length / (1024 * 1024), unit: "MiB" },
      { name: "text items read from it", value: first.items, unit: "items" },
      { name: "blocks / words imported", value: first.blocks, unit: `blocks, ${first.words.toLocaleString("en")} words` },
      { name: "pages that begin somewhere in the text", value: first.pagesMarked, unit: "pages" },
      { name: "import: read text in the worker (pdfjs)", value: of("extractMs"), unit: "ms" },
      { name: "import: layout analysis", value: of("layoutMs"), unit: "ms" },
      { name: "import: finalise blocks", value: of("finaliseMs"), unit: "ms" },
      { name: "import: total", value: of("totalMs"), unit: "ms" },
      { name: "import: per page", value: of("totalMs") / first.pages, unit: "ms" },
      { name: "CPU time: reading the text (worker)", value: of("extractCpuMs"), unit: "ms" },
      { name: "CPU time: layout analysis", value: of("layoutCpuMs"), unit: "ms" },
      { name: "CPU time: whole import", value: of("totalCpuMs"), unit: "ms" },
      { name: "peak RSS of the importing process", value: of("peakMb"), unit: "MiB" },
      { name: "RSS of the same process before the import", value: of("baselineMb"), unit: "MiB" },
    ];
    print(`\nDocuments: a ${first.pages}-page PDF typeset in ${(makeMs / 1000).toFixed(1)} s (median of ${runs} imports, each in its own process)`);
    for (const result of results) print(`  ${result.name.padEnd(52)} ${result.value.toFixed(result.unit === "ms" || result.unit === "MiB" ? 1 : 0).padStart(10)} ${result.unit}`);
    return results;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// `node --import tsx scripts/bench/documents.ts` runs this part alone.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await benchDocuments({ pages: Number(process.env.BENCH_PDF_PAGES ?? 300) });
}
