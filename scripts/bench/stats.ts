/** Summary statistics for benchmark samples. */

/** The value below which `fraction` of the samples lie (nearest rank); NaN for no samples. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The middle value of some samples (nearest rank); NaN for no samples. */
export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    0.5,
  );
}

/** p50, p95 and p99 of latency samples, in the samples' unit. */
export type LatencySummary = { p50: number; p95: number; p99: number; count: number };

/** Sorts the samples once and reads the three percentiles the report prints. */
export function summariseLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const view = Array.from(sorted);
  return { p50: percentile(view, 0.5), p95: percentile(view, 0.95), p99: percentile(view, 0.99), count: view.length };
}
