import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepare } from "./browser";
import { startStudyCircle } from "./servers";

/** Lighthouse's verdict on one page, mobile (its default: a mid-range phone, slow 4G, 4× CPU slowdown). */
export type LighthouseFigures = {
  page: string;
  performance: number;
  cls: number;
  bestPractices: number;
  fcpMs: number;
  siMs: number;
  tbtMs: number;
  lcpMs: number;
  failing: string[];
};

const projectRoot = path.resolve(import.meta.dirname, "../..");
const lighthouseBin = path.join(projectRoot, "node_modules/.bin/lighthouse");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium";

/** Whether the Lighthouse devDependency is installed (`npm ci`). */
export function lighthouseInstalled(): boolean {
  return existsSync(lighthouseBin);
}

/**
 * Runs Lighthouse 12.2 (the pinned devDependency) on the demo session page and on the session
 * with 1,000 annotations on a 10,000-word article, `runs` times each, and returns performance,
 * CLS and best practices with the audits that cost points.
 */
export async function benchLighthouse({ runs = 2, log = (line: string) => console.log(line) } = {}): Promise<LighthouseFigures[]> {
  if (!lighthouseInstalled()) throw new Error("Lighthouse is not installed: run `npm ci` (it is a devDependency).");
  const dataDir = mkdtempSync(path.join(tmpdir(), "study-circle-lighthouse-"));
  const authSecret = randomBytes(32).toString("hex");
  const prepared = await prepare(dataDir, authSecret);
  const server = await startStudyCircle({ dataDir, authSecret, label: "lighthouse bench" });
  const results: LighthouseFigures[] = [];
  try {
    const pages = [
      { page: "demo session", url: `${server.url}${prepared.demo.path}`, cookie: prepared.demo.cookie },
      { page: "1,000 annotations", url: `${server.url}${prepared.withLayer}`, cookie: prepared.cookie },
    ];
    for (let run = 1; run <= runs; run++) {
      for (const page of pages) {
        log(`lighthouse run ${run}/${runs}: ${page.page}`);
        results.push({ page: page.page, ...(await lighthouse(page.url, page.cookie, dataDir)) });
      }
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

async function lighthouse(url: string, cookie: string, dir: string): Promise<Omit<LighthouseFigures, "page">> {
  const output = path.join(dir, `lighthouse-${randomBytes(4).toString("hex")}.json`);
  const args = [
    url,
    "--output=json",
    `--output-path=${output}`,
    "--quiet",
    "--only-categories=performance,best-practices",
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(lighthouseBin, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ["ignore", "ignore", "pipe"] });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lighthouse exited with ${code}: ${errors}`))));
  });
  type Audit = { score: number | null; numericValue?: number; scoreDisplayMode?: string };
  const keep = process.env.BENCH_LIGHTHOUSE_KEEP;
  if (keep) copyFileSync(output, path.join(keep, path.basename(output)));
  const report = JSON.parse(readFileSync(output, "utf8")) as {
    categories: Record<string, { score: number; auditRefs: { id: string; weight: number }[] }>;
    audits: Record<string, Audit>;
  };
  const failing = Object.values(report.categories).flatMap((category) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 0.9 && report.audits[ref.id]?.scoreDisplayMode !== "notApplicable")
      .map((ref) => `${ref.id} ${report.audits[ref.id]?.score}`),
  );
  return {
    performance: Math.round(report.categories.performance!.score * 100),
    bestPractices: Math.round(report.categories["best-practices"]!.score * 100),
    cls: Math.round((report.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
    fcpMs: Math.round(report.audits["first-contentful-paint"]?.numericValue ?? 0),
    siMs: Math.round(report.audits["speed-index"]?.numericValue ?? 0),
    tbtMs: Math.round(report.audits["total-blocking-time"]?.numericValue ?? 0),
    lcpMs: Math.round(report.audits["largest-contentful-paint"]?.numericValue ?? 0),
    failing,
  };
}

/** Prints one line per page and run. */
export function formatLighthouse(results: LighthouseFigures[]): string {
  return results
    .map(
      (result) =>
        `  ${result.page.padEnd(20)} performance ${String(result.performance).padStart(3)}  CLS ${result.cls.toFixed(3)}  best practices ${String(result.bestPractices).padStart(3)}  FCP ${result.fcpMs} ms  SI ${result.siMs} ms  LCP ${result.lcpMs} ms  TBT ${result.tbtMs} ms` +
        (result.failing.length ? `\n      below 0.9: ${result.failing.join(", ")}` : ""),
    )
    .join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write("Study Circle benchmark — Lighthouse 12.2, mobile (goals: performance ≥ 95 demo / ≥ 90 with 1,000 annotations, CLS < 0.02, best practices 100)\n");
  const results = await benchLighthouse({ runs: Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 2), log: (line) => process.stdout.write(`  · ${line}\n`) });
  process.stdout.write(`${formatLighthouse(results)}\n`);
  process.exit(0);
}
