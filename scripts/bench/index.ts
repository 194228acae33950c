import { availableParallelism, cpus, loadavg } from "node:os";
import { formatTable } from "./report";
import { realtimeBenchSettings, runRealtimeBench } from "./realtime";

/** `npm run bench`: runs every benchmark and prints one table. `BENCH_QUICK=1` for a shorter run. */
const quick = ["1", "true", "yes"].includes(process.env.BENCH_QUICK ?? "");
const started = performance.now();
const log = (line: string) => process.stdout.write(`  · ${line}\n`);

process.stdout.write(
  [
    "Study Circle benchmark — live sync" + (quick ? " (BENCH_QUICK)" : ""),
    `CPUs: ${availableParallelism()} (${cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}`,
    "Server and clients share these CPUs: compare the ratios, not the absolute times.",
    "",
  ].join("\n") + "\n",
);

const figures = await runRealtimeBench({ settings: quick ? realtimeBenchSettings.quick : realtimeBenchSettings.full, log });
process.stdout.write(`\n${formatTable(figures)}\n\nStudy Circle benchmark — articles\n`);
// React renders in production mode for the article render figures.
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const { benchArticles } = await import("./articles");
benchArticles();
process.stdout.write("\nStudy Circle benchmark — documents: a generated PDF\n");
const { benchDocuments } = await import("./documents");
await benchDocuments({ pages: quick ? 60 : 300, runs: quick ? 1 : 3 });
process.stdout.write("\nStudy Circle benchmark — review: search and replay\n");
const { benchReview } = await import("./review");
for (const figure of await benchReview({ messages: quick ? 20_000 : 100_000 })) {
  process.stdout.write(`  ${figure.name.padEnd(70)} ${String(figure.value).padStart(10)} ${figure.unit}${figure.note ? `   (${figure.note})` : ""}\n`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(`\nFinished in ${seconds} s, load average now ${loadavg()[0]!.toFixed(2)} (targets are reported, never enforced).\n`);
process.exit(0);
