import { describe, expect, it } from "vitest";
import { MATCH_END, MATCH_START, markedSnippet, snippetParts, toMatchExpression } from "./query";

describe("toMatchExpression", () => {
  it("quotes every word, requires all, and lets the last one match as a prefix", () => {
    expect(toMatchExpression("workers organiz")).toBe('"workers" AND "organiz"*');
  });

  it("leaves no FTS5 syntax through", () => {
    expect(toMatchExpression('title:secret OR "x" NEAR(a b) *')).toBe('"title" AND "secret" AND "OR" AND "x" AND "NEAR" AND "a" AND "b"');
  });

  it("keeps accented letters (the tokenizer folds them) and refuses empty input", () => {
    expect(toMatchExpression("organización")).toBe('"organización"*');
    expect(toMatchExpression("  ¿? ")).toBeNull();
  });
});

describe("snippetParts", () => {
  it("splits marked matches from plain text", () => {
    expect(snippetParts(`la ${MATCH_START}organización${MATCH_END} obrera`)).toEqual([
      { text: "la ", match: false },
      { text: "organización", match: true },
      { text: " obrera", match: false },
    ]);
  });
});

describe("markedSnippet", () => {
  const mark = (word: string) => `${MATCH_START}${word}${MATCH_END}`;

  it("marks matches the way the index matches them: accents, case and a prefix for the last word", () => {
    expect(markedSnippet("La Organización creció; la organizacion también.", "organizacion")).toBe(`La ${mark("Organización")} creció; la ${mark("organizacion")} también.`);
    expect(markedSnippet("Workers organised a strike", "workers organ")).toBe(`${mark("Workers")} ${mark("organised")} a strike`);
  });

  it("cuts a long text around the first match", () => {
    const text = `${"uno ".repeat(30)}asamblea ${"dos ".repeat(30)}`;
    const snippet = markedSnippet(text, "asamblea", 2, 3);
    expect(snippet).toBe(`…uno uno ${mark("asamblea")} dos dos dos…`);
  });
});
