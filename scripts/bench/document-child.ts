import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { finaliseBlocks } from "../../lib/article/draft";
import { countWords } from "../../lib/article/blocks";
import { layoutPdf } from "../../lib/article/pdf-layout";
import { defaultExtractLimits, extractDocument } from "../../server/article-files/extract";

// One import of one PDF in a process of its own, so that its peak memory is the import's:
// `node --import tsx scripts/bench/document-child.ts file.pdf` prints one JSON line.
const file = process.argv[2]!;
const bytes = new Uint8Array(readFileSync(file));
const baselineMb = process.resourceUsage().maxRSS / 1024;
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const started = performance.now();
const cpuStarted = cpu();
const text = await extractDocument("pdf", bytes, { ...defaultExtractLimits, timeoutMs: 600_000 });
const extracted = performance.now();
const cpuExtracted = cpu();
const layout = layoutPdf(text);
const laidOut = performance.now();
const cpuLaidOut = cpu();
const blocks = finaliseBlocks(layout.blocks);
const finished = performance.now();
process.stdout.write(
  `${JSON.stringify({
    extractMs: extracted - started,
    layoutMs: laidOut - extracted,
    finaliseMs: finished - laidOut,
    totalMs: finished - started,
    extractCpuMs: cpuExtracted - cpuStarted,
    layoutCpuMs: cpuLaidOut - cpuExtracted,
    totalCpuMs: cpu() - cpuStarted,
    pages: text.pages.length,
    items: text.pages.reduce((sum, page) => sum + page.items.length, 0),
    blocks: blocks.length,
    words: countWords(blocks),
    pagesMarked: new Set(blocks.flatMap((block) => [block.page, ...(block.pageBreaks ?? []).map((pageBreak) => pageBreak.page)])).size,
    baselineMb,
    peakMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
process.exit(0);
