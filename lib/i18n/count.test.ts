import { describe, expect, it } from "vitest";
import { countText } from "./count";

describe("a count as the reader's language writes it", () => {
  it.each([
    [0, "en", "0"],
    [999, "en", "999"],
    [1000, "en", "1,000"],
    [12345, "en", "12,345"],
    [999, "es", "999"],
    [1000, "es", "1000"],
    [12345, "es", "12.345"],
    [-1500, "en", "-1,500"],
  ] as const)("writes %d in %s as %s", (count, locale, text) => {
    expect(countText(count, locale)).toBe(text);
  });

  it.each(["en", "es"])("writes every count below a thousand as %s's number formatter does", (locale) => {
    const formatter = new Intl.NumberFormat(locale);
    for (let count = -999; count < 1000; count++) expect(countText(count, locale)).toBe(formatter.format(count));
  });
});
