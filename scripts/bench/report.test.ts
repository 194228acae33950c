import { describe, expect, it } from "vitest";
import { formatTable, ratio } from "./report";

describe("report", () => {
  it("divides ours by bare", () => {
    expect(ratio({ ours: 13, bare: 10 })).toBeCloseTo(1.3);
    expect(ratio({ ours: 1, bare: null })).toBeNaN();
  });

  it("prints PASS or MISS beside a figure with a target, n/a without a bare figure", () => {
    const table = formatTable([
      { scenario: "room", name: "p99", unit: "ms", ours: 12, bare: 10, target: { text: "≤ 1.3× bare", met: true } },
      { scenario: "catch-up", name: "join", unit: "ms", ours: 600, bare: null, target: { text: "< 500 ms", met: false }, note: "slow disk" },
    ]);
    expect(table).toContain("PASS");
    expect(table).toContain("MISS");
    expect(table).toContain("n/a");
    expect(table).toContain("1.20×");
    expect(table).toContain("slow disk");
  });
});
