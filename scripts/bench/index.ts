/**
 * `npm run bench`: runs every benchmark module and prints its figures. A module exports an
 * async function returning figures; add it to the list below.
 */
import { benchReview, type Figure } from "./review";

const benches: { name: string; run: () => Promise<Figure[]> }[] = [{ name: "review: search and replay", run: () => benchReview() }];

for (const bench of benches) {
  process.stdout.write(`\n== ${bench.name}\n`);
  const started = performance.now();
  for (const figure of await bench.run()) {
    process.stdout.write(`  ${figure.name.padEnd(70)} ${String(figure.value).padStart(10)} ${figure.unit}${figure.note ? `   (${figure.note})` : ""}\n`);
  }
  process.stdout.write(`  (took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
