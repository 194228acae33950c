import { describe, expect, it } from "vitest";
import { FloodBudget } from "./flood-budget";

describe("FloodBudget", () => {
  it("allows the points of a window, then refuses until the window ends", () => {
    const budget = new FloodBudget(3, 1000);
    expect([0, 1, 2].map((t) => budget.take("a", t))).toEqual([true, true, true]);
    expect(budget.take("a", 500)).toBe(false);
    expect(budget.has("a", 999)).toBe(false);
    expect(budget.take("b", 500)).toBe(true);
    expect(budget.take("a", 1000)).toBe(true);
  });

  it("never limits the unlimited budget", () => {
    const budget = FloodBudget.unlimited();
    for (let index = 0; index < 10_000; index += 1) expect(budget.take("a", 0)).toBe(true);
  });
});
