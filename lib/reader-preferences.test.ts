import { describe, expect, it } from "vitest";
import { parseTextSize, parseTheme, stepTextSize } from "./reader-preferences";

describe("reader preferences", () => {
  it("reads remembered sizes and refuses anything else", () => {
    expect(parseTextSize("130")).toBe(130);
    expect(parseTextSize("131")).toBe(100);
    expect(parseTextSize(undefined)).toBe(100);
  });

  it("steps sizes within bounds", () => {
    expect(stepTextSize(100, 1)).toBe(115);
    expect(stepTextSize(100, -1)).toBe(90);
    expect(stepTextSize(200, 1)).toBe(200);
    expect(stepTextSize(80, -1)).toBe(80);
  });

  it("reads the theme", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("purple")).toBe("light");
  });
});
