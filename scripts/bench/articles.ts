import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import MarkdownIt from "markdown-it";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { Reader, type ReaderLabels } from "../../app/_components/reader/reader";
import { countWords, type Block } from "../../lib/article/blocks";
import { finaliseBlocks } from "../../lib/article/draft";
import { longMarkdownArticle } from "../../lib/article/fixtures/long-article";
import { importHtml } from "../../lib/article/html-import";
import { importMarkdown } from "../../lib/article/markdown-import";
import { importPlainText } from "../../lib/article/plain-text-import";

/** One benchmark figure. */
export type ArticleBenchResult = { name: string; value: number; unit: string };

const labels: ReaderLabels = {
  controls: {
    settings: "Reading settings",
    textSize: "Text size",
    smaller: "Smaller text",
    larger: "Larger text",
    sizePattern: "{percent}%",
    darkTheme: "Dark theme",
    print: "Print",
  },
  contents: "Contents",
  readingTime: (minutes) => `${minutes} minutes to read`,
  published: (date) => `Published ${date}`,
  text: { paragraph: "Paragraph {n}", page: "Page {page}", pageShort: "p. {page}" },
};

function median(runs: number[]): number {
  const sorted = [...runs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(runs: number, work: () => T): { ms: number; result: T } {
  let result = work(); // warm-up, not counted
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

/**
 * Imports an article of `words` words from Markdown, plain text and HTML (the URL path),
 * then server-renders the reader for it, printing the median of `runs` runs of each and the
 * size of the HTML. Returns the figures for whoever calls it.
 */
export function benchArticles({ words = 50_000, runs = 5, print = console.log } = {}): ArticleBenchResult[] {
  const markdown = longMarkdownArticle(words);
  const plain = markdown.replace(/^#+ /gm, "").replace(/\*\*?|\[|\]\([^)]*\)/g, "");
  const html = `<!doctype html><html lang="en"><head><title>A Long Study Text</title></head><body><nav><a href="/">Home</a></nav><article>${new MarkdownIt().render(markdown)}</article><footer>© Someone</footer></body></html>`;

  const md = time(runs, () => finaliseBlocks(importMarkdown(markdown).blocks));
  const text = time(runs, () => finaliseBlocks(importPlainText(plain).blocks));
  const page = time(Math.max(1, Math.floor(runs / 2)), () => finaliseBlocks(importHtml(html, { baseUrl: "https://example.org/long" }).blocks));
  const blocks: Block[] = md.result;
  const article = { title: "A Long Study Text", author: "Bench", sourceName: "", sourceUrl: "", publishedOn: "2025-01-01", language: "en" };
  const render = time(runs, () => renderToString(createElement(Reader, { article, blocks, labels, textSize: 100, theme: "light", formatDate: (date: string) => date })));
  const bytes = Buffer.byteLength(render.result);
  const gzipped = gzipSync(render.result).length;

  const results: ArticleBenchResult[] = [
    { name: "article words", value: countWords(blocks), unit: "words" },
    { name: "article blocks", value: blocks.length, unit: "blocks" },
    { name: "import Markdown (parse + normalise + ids)", value: md.ms, unit: "ms" },
    { name: "import plain text (heuristics + ids)", value: text.ms, unit: "ms" },
    { name: "import HTML page (sanitise + readability + walk)", value: page.ms, unit: "ms" },
    { name: "server render of the reader", value: render.ms, unit: "ms" },
    { name: "reader HTML size", value: bytes / 1024, unit: "KiB" },
    { name: "reader HTML size, gzipped", value: gzipped / 1024, unit: "KiB" },
  ];
  print(`\nArticles: a ${words.toLocaleString("en")}-word article (median of ${runs} runs; HTML import ${Math.max(1, Math.floor(runs / 2))})`);
  for (const result of results) print(`  ${result.name.padEnd(52)} ${result.value.toFixed(result.unit === "ms" || result.unit === "KiB" ? 1 : 0).padStart(10)} ${result.unit}`);
  return results;
}
