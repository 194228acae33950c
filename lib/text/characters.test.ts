import { describe, expect, it } from "vitest";
import { describeRange, rangeProblem } from "../anchoring/selectors";
import { importText } from "../article/import";
import { renderComment } from "../markdown/comment";
import { MAX_COMMENT_LENGTH } from "../markdown/comment-limits";
import { operationSchema } from "../protocol";
import { boundaryAfter, boundaryBefore, hasLoneSurrogate, hasVisibleText, isCharacterBoundary, snapToCharacters, textAfter, textBefore, wellFormed } from "./characters";

const family = "👨‍👩‍👧"; // three people joined by two ZWJ: 8 UTF-16 units, one character on screen
const thumbsDark = "👍🏿"; // thumbs up with a skin tone: 4 units, one character
const persian = "می‌خواهم"; // "I want": a zero-width non-joiner inside the word
const hebrew = "שלום עולם";

describe("character boundaries (the app's text unit is the UTF-16 code unit, cut only between characters)", () => {
  it("knows where a reader's characters begin and end", () => {
    const text = `a${family}b`;
    expect(isCharacterBoundary(text, 1)).toBe(true);
    for (let inside = 2; inside < 1 + family.length; inside++) expect(isCharacterBoundary(text, inside)).toBe(false);
    expect(isCharacterBoundary(text, 1 + family.length)).toBe(true);
    expect(boundaryBefore(text, 4)).toBe(1);
    expect(boundaryAfter(text, 4)).toBe(1 + family.length);
  });

  it("answers as the grapheme segmenter does everywhere, the shortcut for plain neighbours included", () => {
    // Plain letters beside CR LF, accents (precomposed and combining), joiners, skin tones,
    // flags, Hangul jamo, controls and lone surrogates: every offset is asked.
    const pieces = [
      "a",
      "Z",
      " ",
      "\r",
      "\n",
      "\r\n",
      "é",
      "e\u0301",
      "\u00ad",
      "\u0000",
      "\u007f",
      "ÿ",
      "\u02ff",
      "\u0300",
      family,
      thumbsDark,
      "🇪🇸",
      "\u1100\u1161",
      "\u200d",
      "\ufe0f",
      "\ud83d",
      persian,
      hebrew,
      "ñ",
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 12 }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const boundaries = new Set([...segmenter.segment(text)].map((segment) => segment.index).concat(text.length));
      for (let offset = 0; offset <= text.length; offset++) {
        expect(isCharacterBoundary(text, offset), JSON.stringify({ text, offset })).toBe(boundaries.has(offset));
        expect(boundaryBefore(text, offset)).toBe(Math.max(...[...boundaries].filter((boundary) => boundary <= offset)));
        expect(boundaryAfter(text, offset)).toBe(Math.min(...[...boundaries].filter((boundary) => boundary >= offset)));
      }
    }
  });

  it("snaps a selection to whole characters: half an emoji or a letter without its accent becomes the whole", () => {
    const text = `x${thumbsDark}y e\u0301z`;
    expect(snapToCharacters(text, 2, 4)).toEqual({ start: 1, end: 5 });
    const accented = text.indexOf("e\u0301");
    expect(snapToCharacters(text, accented, accented + 1)).toEqual({ start: accented, end: accented + 2 });
  });

  it("cuts context at character boundaries, never inside an emoji", () => {
    const text = `${"😀".repeat(20)}|${"😀".repeat(20)}`;
    const middle = text.indexOf("|");
    const before = textBefore(text, middle, 31);
    const after = textAfter(text, middle + 1, 31);
    expect(hasLoneSurrogate(before)).toBe(false);
    expect(hasLoneSurrogate(after)).toBe(false);
    expect(before).toBe("😀".repeat(15));
    expect(after).toBe("😀".repeat(15));
  });

  it("tells lone surrogates, and text that is only invisible characters", () => {
    expect(hasLoneSurrogate("ok 😀")).toBe(false);
    expect(hasLoneSurrogate("broken \uD83D")).toBe(true);
    expect(hasLoneSurrogate("\uDE00 broken")).toBe(true);
    expect(wellFormed("a\uD83Db")).toBe("a\uFFFDb");
    expect(hasVisibleText("\u200B\u200C\u200D\u2060\uFEFF \n")).toBe(false);
    expect(hasVisibleText(persian)).toBe(true);
    expect(hasVisibleText(family)).toBe(true);
  });
});

describe("passages near emoji", () => {
  const text = `Read ${"😀".repeat(17)} then ${family} and ${hebrew} and ${persian}.`;

  it("keeps a quote's prefix and suffix whole when 32 units would split an emoji", () => {
    const start = text.indexOf("then");
    const target = describeRange(text, start, start + 4);
    expect(hasLoneSurrogate(target.prefix)).toBe(false);
    expect(target.prefix.length).toBeLessThanOrEqual(32);
    expect(target.prefix.endsWith(" ")).toBe(true);
    expect(text.slice(start - target.prefix.length, start)).toBe(target.prefix);
    const after = text.indexOf(" and");
    const suffixTarget = describeRange(text, after - family.length - 1, after - family.length);
    expect(suffixTarget.suffix.startsWith(family)).toBe(true);
  });

  it("refuses a passage that starts or ends inside an emoji or a joined family", () => {
    const emoji = text.indexOf("😀");
    expect(rangeProblem(text, { start: emoji + 1, end: emoji + 4, exact: text.slice(emoji + 1, emoji + 4) }, 1000)).toMatch(/inside a character/);
    const joined = text.indexOf(family);
    expect(rangeProblem(text, { start: joined, end: joined + 2, exact: text.slice(joined, joined + 2) }, 1000)).toMatch(/inside a character/);
    expect(rangeProblem(text, { start: joined, end: joined + family.length, exact: family }, 1000)).toBeNull();
    const rtl = text.indexOf(hebrew);
    expect(rangeProblem(text, { start: rtl, end: rtl + hebrew.length, exact: hebrew }, 1000)).toBeNull();
  });
});

describe("member text on the wire", () => {
  const message = (body: string) => ({ type: "message.create", messageId: "m1", parentId: null, body, quote: null });

  it("refuses lone surrogates with a clear error", () => {
    const parsed = operationSchema.safeParse(message("broken \uD83D here"));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/broken character/);
    expect(operationSchema.safeParse({ type: "question.raise", questionId: "q1", text: "why \uDE00?" }).success).toBe(false);
  });

  it("refuses bodies of only zero-width characters, and keeps ZWJ/ZWNJ inside real text", () => {
    expect(operationSchema.safeParse(message("\u200B\u200D\u200C")).success).toBe(false);
    expect(operationSchema.safeParse({ type: "question.raise", questionId: "q1", text: "\u2060\u200B" }).success).toBe(false);
    expect(operationSchema.safeParse(message(`${persian} ${family}`)).success).toBe(true);
  });

  it("counts comment length in UTF-16 units, as it is cut when rendered", () => {
    const fits = "😀".repeat(MAX_COMMENT_LENGTH / 2);
    expect(operationSchema.safeParse(message(fits)).success).toBe(true);
    expect(operationSchema.safeParse(message(`${fits}😀`)).success).toBe(false);
    expect(renderComment(fits)).toBe(`<p>${fits}</p>`);
  });

  it("cuts an over-long stored body at a character boundary when rendering", () => {
    const html = renderComment(`x${"😀".repeat(MAX_COMMENT_LENGTH / 2)}`);
    expect(hasLoneSurrogate(html)).toBe(false);
    expect(html).toBe(`<p>x${"😀".repeat(MAX_COMMENT_LENGTH / 2 - 1)}</p>`);
  });
});

describe("article import", () => {
  it("keeps the zero-width joiner and non-joiner (family emoji, Persian and Indic text) and drops zero-width spaces", () => {
    const { blocks } = importText(`${persian} ${family} क्‍ष zero\u200Bwidth`, "plain");
    expect(blocks[0]?.text).toBe(`${persian} ${family} क्‍ष zerowidth`);
  });

  it("mends a lone surrogate once, at import, so stored text is what live readers see", () => {
    const { blocks } = importText("half \uD83D an emoji", "plain");
    expect(blocks[0]?.text).toBe("half \uFFFD an emoji");
  });
});
