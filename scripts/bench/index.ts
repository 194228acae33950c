import { availableParallelism, cpus, loadavg } from "node:os";
import { formatTable } from "./report";
import { realtimeBenchSettings, runRealtimeBench } from "./realtime";

/**
 * `npm run bench`: runs every benchmark and prints one table. `BENCH_QUICK=1` for a shorter
 * run; `BENCH_CLUSTER=1` runs the cluster comparison instead (scripts/bench/cluster.ts);
 * `BENCH_PRESENCE=1` only the presence figures, the fan-out in one room of 200 and the browser
 * run (`BENCH_NO_BROWSER=1` leaves the browser out); `BENCH_WRITEPATH=1` the write path alone
 * (scripts/bench/write-path.ts), on SQLite or, with `BENCH_ENGINE=postgres`, on a PostgreSQL of its own.
 */
const enabled = (name: string) => ["1", "true", "yes"].includes(process.env[name] ?? "");
const quick = enabled("BENCH_QUICK");
const started = performance.now();
const log = (line: string) => process.stdout.write(`  · ${line}\n`);
const machine = `CPUs: ${availableParallelism()} (${cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, load average ${loadavg()
  .map((value) => value.toFixed(2))
  .join(" ")}`;

if (enabled("BENCH_WRITEPATH")) {
  const engine = process.env.BENCH_ENGINE === "postgres" ? "postgres" : "sqlite";
  const { runWritePathBench, writePathBenchSettings } = await import("./write-path");
  process.stdout.write(
    [
      `Study Circle benchmark — write path on ${engine === "postgres" ? "PostgreSQL" : "SQLite"}` + (quick ? " (BENCH_QUICK)" : ""),
      machine,
      "Server and clients share these CPUs: compare the ratios, not the absolute times.",
      "",
    ].join("\n") + "\n",
  );
  const figures = await runWritePathBench({ settings: quick ? writePathBenchSettings.quick : writePathBenchSettings.full, engine, log });
  process.stdout.write(`\n${formatTable(figures)}\n\nFinished in ${((performance.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg()[0]!.toFixed(2)}.\n`);
  process.exit(0);
}

if (enabled("BENCH_CLUSTER")) {
  const { clusterBenchSettings, runClusterBench } = await import("./cluster");
  process.stdout.write(
    [
      "Study Circle benchmark — cluster: 2 nodes on PostgreSQL + Redis against 1 node on SQLite" + (quick ? " (BENCH_QUICK)" : ""),
      machine,
      `CAVEAT: both nodes, PostgreSQL, Redis, the single node and every simulated client share these ${availableParallelism()} CPUs.`,
      "These figures compare per-operation costs and show that cross-node fan-out works; they say little about",
      "how a cluster scales, which needs the nodes and the database on machines of their own (docs/scaling.md).",
      "",
    ].join("\n") + "\n",
  );
  const figures = await runClusterBench({ settings: quick ? clusterBenchSettings.quick : clusterBenchSettings.full, log });
  process.stdout.write(`\n${formatTable(figures, { ours: "2 nodes+PG+Redis", bare: "1 node SQLite" })}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(
    `\nFinished in ${seconds} s, load average now ${loadavg()[0]!.toFixed(2)}. One ${availableParallelism()}-CPU box: compare the columns and the CPU per operation, not the throughput of a real cluster.\n`,
  );
  process.exit(0);
}

process.stdout.write(
  ["Study Circle benchmark — live sync" + (quick ? " (BENCH_QUICK)" : ""), machine, "Server and clients share these CPUs: compare the ratios, not the absolute times.", ""].join(
    "\n",
  ) + "\n",
);

const settings = quick ? realtimeBenchSettings.quick : realtimeBenchSettings.full;
if (enabled("BENCH_PRESENCE")) {
  const figures = await runRealtimeBench({ settings: { ...settings, presenceOnly: true }, log });
  process.stdout.write(`\n${formatTable(figures)}\n`);
  if (!enabled("BENCH_NO_BROWSER")) {
    process.stdout.write("\nStudy Circle benchmark — a browser in a room where 99 others move\n");
    const { benchPresenceBrowser } = await import("./presence-browser");
    await benchPresenceBrowser({ log });
  }
  process.stdout.write(`\nFinished in ${((performance.now() - started) / 1000).toFixed(0)} s, load average now ${loadavg()[0]!.toFixed(2)}.\n`);
  process.exit(0);
}

const figures = await runRealtimeBench({ settings, log });
process.stdout.write(`\n${formatTable(figures)}\n\nStudy Circle benchmark — articles\n`);
// React renders in production mode for the article render figures.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const { benchArticles } = await import("./articles");
benchArticles();
process.stdout.write("\nStudy Circle benchmark — plain-text import on the corpus of copied web pages\n");
const { corpusReport } = await import("../import-corpus");
process.stdout.write([...corpusReport("tuning"), ...corpusReport("held-out")].map((line) => `  ${line}`).join("\n") + "\n");
process.stdout.write("\nStudy Circle benchmark — documents: a generated PDF\n");
const { benchDocuments } = await import("./documents");
await benchDocuments({ pages: quick ? 60 : 300, runs: quick ? 1 : 3 });
process.stdout.write("\nStudy Circle benchmark — review: search and replay\n");
const { benchReview } = await import("./review");
for (const figure of await benchReview({ messages: quick ? 20_000 : 100_000 })) {
  process.stdout.write(`  ${figure.name.padEnd(70)} ${String(figure.value).padStart(10)} ${figure.unit}${figure.note ? `   (${figure.note})` : ""}\n`);
}
process.stdout.write("\nStudy Circle benchmark — the session page in Chromium: 1,000 annotations on a 10,000-word article\n");
const { benchBrowser, formatBrowserFigures } = await import("./browser");
process.stdout.write(`${formatBrowserFigures(await benchBrowser({ runs: quick ? 1 : 2, log }))}\n`);
const { benchLighthouse, formatLighthouse, lighthouseInstalled } = await import("./lighthouse");
if (lighthouseInstalled()) {
  process.stdout.write("\nStudy Circle benchmark — Lighthouse 12.2, mobile: the demo session and the session with 1,000 annotations\n");
  process.stdout.write(`${formatLighthouse(await benchLighthouse({ runs: quick ? 1 : 2, log }))}\n`);
} else process.stdout.write("\nLighthouse is not installed (a devDependency: npm ci); its figures are left out.\n");
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(`\nFinished in ${seconds} s, load average now ${loadavg()[0]!.toFixed(2)} (targets are reported, never enforced).\n`);
process.stdout.write("Two nodes on PostgreSQL + Redis against one on SQLite: BENCH_CLUSTER=1 npm run bench.\n");
process.exit(0);
