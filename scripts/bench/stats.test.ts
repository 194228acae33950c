import { describe, expect, it } from "vitest";
import { median, percentile, summariseLatencies } from "./stats";

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it("is NaN without samples", () => {
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe("summariseLatencies", () => {
  it("sorts numerically, not as text", () => {
    const summary = summariseLatencies([10, 9, 100, 1, 2]);
    expect(summary).toEqual({ p50: 9, p95: 100, p99: 100, count: 5 });
  });

  it("gives the median of unsorted samples", () => {
    expect(median([3, 1, 2])).toBe(2);
  });
});
