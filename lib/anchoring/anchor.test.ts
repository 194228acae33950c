import { describe, expect, it } from "vitest";
import { anchorTarget } from "./anchor";
import { describeRange, rangeProblem } from "./selectors";

const original = [
  "The union met on Sunday. The members read the pamphlet aloud and argued about wages.",
  "Everyone agreed that the committee should publish the minutes every week.",
  "Later that year the committee decided to open a reading room beside the canteen.",
].join("\n\n");

function targetOf(text: string, exact: string, occurrence = 0) {
  let start = -1;
  for (let seen = 0; seen <= occurrence; seen++) start = text.indexOf(exact, start + 1);
  return describeRange(text, start, start + exact.length);
}

describe("describeRange", () => {
  it("keeps 32 characters of context on each side", () => {
    const target = targetOf(original, "publish the minutes");
    expect(target.exact).toBe("publish the minutes");
    expect(target.prefix).toBe(original.slice(target.start - 32, target.start));
    expect(target.suffix).toBe(original.slice(target.end, target.end + 32));
  });

  it("clips context at the edges of the text", () => {
    const target = describeRange(original, 0, 9);
    expect(target.prefix).toBe("");
    expect(target.exact).toBe("The union");
  });
});

describe("rangeProblem", () => {
  it.each([
    [{ start: -1, end: 3, exact: "x" }, /outside/],
    [{ start: 0, end: original.length + 1, exact: "x" }, /outside/],
    [{ start: 5, end: 5, exact: "" }, /empty/],
    [{ start: 0, end: 9, exact: "The onion" }, /does not match/],
    [{ start: 0, end: 200, exact: original.slice(0, 200) }, /at most/],
    [{ start: 1.5, end: 3, exact: "he" }, /outside/],
  ])("refuses %j", (target, message) => {
    expect(rangeProblem(original, target, 100)).toMatch(message);
  });

  it("accepts a range whose quote matches", () => {
    expect(rangeProblem(original, { start: 0, end: 9, exact: "The union" }, 100)).toBeNull();
  });
});

describe("anchorTarget", () => {
  it("anchors at the recorded position in the same text with full confidence", () => {
    const target = targetOf(original, "reading room");
    expect(anchorTarget(original, target)).toEqual({ start: target.start, end: target.end, confidence: 1, method: "position" });
  });

  it("follows a passage that moved when a paragraph was inserted before it", () => {
    const target = targetOf(original, "publish the minutes every week");
    const revised = `A new opening paragraph was added by the editor.\n\n${original}`;
    const anchor = anchorTarget(revised, target);
    expect(anchor?.method).toBe("quote");
    expect(revised.slice(anchor!.start, anchor!.end)).toBe("publish the minutes every week");
  });

  it("finds a passage whose wording was lightly revised (fuzzy), with less than full confidence", () => {
    const target = targetOf(original, "the committee decided to open a reading room beside the canteen");
    const revised = original.replace("decided to open a reading room", "decided to open a small reading room");
    const anchor = anchorTarget(revised, target)!;
    expect(anchor.method).toBe("fuzzy");
    expect(anchor.confidence).toBeLessThan(1);
    expect(revised.slice(anchor.start, anchor.end)).toContain("small reading room beside the canteen");
  });

  it("orphans a passage that was deleted instead of landing on something else", () => {
    const target = targetOf(original, "argued about wages");
    const revised = original.replace(" and argued about wages", "");
    expect(anchorTarget(revised, target)).toBeNull();
  });

  it("picks the right one of two repeated phrases by its context", () => {
    const text = "First, the committee met. Nothing happened.\n\nSecond, the committee met. Everything changed.";
    const target = targetOf(text, "the committee met", 1);
    const revised = `Preface.\n\n${text}`;
    const anchor = anchorTarget(revised, target)!;
    expect(anchor.start).toBe(revised.lastIndexOf("the committee met"));
  });

  it("orphans a repeated phrase whose context no longer tells the copies apart", () => {
    const text = "We must organise. We must organise. We must organise.";
    const target = describeRange(text, 18, 35);
    const revised = `Chant: ${text}`;
    expect(anchorTarget(revised, { ...target, prefix: "", suffix: "" })).toBeNull();
  });

  it("does not land a fuzzy match on a look-alike passage elsewhere", () => {
    const text = "The workers demanded a shorter day. Months later, the owners demanded a longer day.";
    const target = targetOf(text, "The workers demanded a shorter day");
    const revised = text.replace("The workers demanded a shorter day. ", "");
    expect(anchorTarget(revised, target)).toBeNull();
  });

  it("anchors overlapping targets independently", () => {
    const outer = targetOf(original, "Everyone agreed that the committee should publish");
    const inner = targetOf(original, "the committee should publish the minutes");
    const revised = original.replace("Later that year", "Much later that year");
    const a = anchorTarget(revised, outer)!;
    const b = anchorTarget(revised, inner)!;
    expect(a.start).toBeLessThan(b.start);
    expect(a.end).toBeGreaterThan(b.start);
    expect(revised.slice(a.start, a.end)).toBe(outer.exact);
    expect(revised.slice(b.start, b.end)).toBe(inner.exact);
  });

  it("re-anchors a position that now points at different text by its quote", () => {
    const target = targetOf(original, "reading room");
    const revised = original.replace("The union met on Sunday.", "The union met.");
    const anchor = anchorTarget(revised, target)!;
    expect(revised.slice(anchor.start, anchor.end)).toBe("reading room");
  });
});
