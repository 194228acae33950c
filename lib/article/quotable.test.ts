import { describe, expect, it } from "vitest";
import { quotedParagraphs, wholeWordPassage } from "./quotable";

const text = "The strike began when the factory owners cut wages.\n\nNobody went home.";
const at = (exact: string) => ({ start: text.indexOf(exact), end: text.indexOf(exact) + exact.length, exact });

describe("wholeWordPassage", () => {
  it("widens a selection cut mid-word to whole words", () => {
    expect(wholeWordPassage(text, at("ike began when the factory owne")).exact).toBe("strike began when the factory owners");
  });
  it("trims white space and keeps whole words as they are", () => {
    expect(wholeWordPassage(text, at(" owners cut ")).exact).toBe("owners cut");
    expect(wholeWordPassage(text, at("cut wages."))).toEqual(at("cut wages."));
  });
  it("leaves a passage that does not match the text alone", () => {
    expect(wholeWordPassage(text, { start: 0, end: 3, exact: "xyz" })).toEqual({ start: 0, end: 3, exact: "xyz" });
  });
});

describe("quotedParagraphs", () => {
  it("opens before the first paragraph and closes after the last", () => {
    expect(quotedParagraphs("One.\n\nTwo.")).toEqual(["“One.", "Two.”"]);
  });
  it("closes a mark the passage opened but did not close", () => {
    expect(quotedParagraphs("she said «we will stay")).toEqual(["“she said «we will stay»”"]);
    expect(quotedParagraphs('he called it "a modern service')).toEqual(['“he called it "a modern service"”']);
  });
});
