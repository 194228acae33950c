import { describe, expect, it } from "vitest";
import type { Block } from "../article/blocks";
import {
  blockIn,
  itemLanguage,
  itemsByAlignedBlock,
  paragraphCounts,
  languageTag,
  passageIn,
  passageWords,
  placeInOriginal,
  projectPassage,
  type ReadingEdition,
} from "./editions";

const block = (id: string, text = id): Block => ({ id, type: "paragraph", text });

describe("projectPassage", () => {
  const original: ReadingEdition = { id: null, language: "en", blocks: [block("a", "One."), block("b", "Two."), block("c", "Three.")], alignment: [] };
  const spanish: ReadingEdition = {
    id: "es1",
    language: "es",
    blocks: [block("u", "Uno y dos."), block("v", "Tres,"), block("w", "en dos.")],
    alignment: [
      { source: ["a", "b"], target: ["u"] },
      { source: ["c"], target: ["v", "w"] },
    ],
  };
  const french: ReadingEdition = {
    id: "fr1",
    language: "fr",
    blocks: [block("p", "Un."), block("q", "Deux."), block("r", "Trois.")],
    alignment: [
      { source: ["a"], target: ["p"] },
      { source: ["b"], target: ["q"] },
      { source: ["c"], target: ["r"] },
    ],
  };

  it("maps a passage of the original to the edition's paragraphs, and back", () => {
    expect(projectPassage({ start: 6, end: 9 }, original, spanish)).toEqual(["u"]);
    expect(projectPassage({ start: 12, end: 17 }, original, spanish)).toEqual(["v", "w"]);
    expect(projectPassage({ start: 0, end: 3 }, spanish, original)).toEqual(["a", "b"]);
    expect(projectPassage({ start: 16, end: 18 }, spanish, original)).toEqual(["c"]);
  });

  it("goes through the original between two editions", () => {
    expect(projectPassage({ start: 0, end: 3 }, spanish, french)).toEqual(["p", "q"]);
  });

  it("stays on the same edition's blocks", () => {
    expect(projectPassage({ start: 0, end: 3 }, spanish, spanish)).toEqual(["u"]);
  });

  it("tags languages", () => {
    expect(languageTag("es")).toBe("ES");
    expect(languageTag("pt-BR")).toBe("PT");
    expect(languageTag("")).toBe("?");
  });
});

describe("reading across editions", () => {
  // "One.\n\nTwo.\n\nThree." and "Uno y dos.\n\nTres,\n\nen dos."
  const original: ReadingEdition = { id: null, language: "en", blocks: [block("a", "One."), block("b", "Two."), block("c", "Three.")], alignment: [] };
  const spanish: ReadingEdition = {
    id: "es1",
    language: "es",
    blocks: [block("u", "Uno y dos."), block("v", "Tres,"), block("w", "en dos.")],
    alignment: [
      { source: ["a", "b"], target: ["u"] },
      { source: ["c"], target: ["v", "w"] },
    ],
  };
  const editions = [original, spanish];

  it("keeps a passage on its own edition, and covers the aligned paragraphs on the other", () => {
    expect(passageIn({ start: 0, end: 3 }, editions, null)).toEqual({ start: 0, end: 3 });
    expect(passageIn({ start: 0, end: 3, edition: "es1" }, editions, "es1")).toEqual({ start: 0, end: 3 });
    expect(passageIn({ start: 6, end: 9 }, editions, "es1")).toEqual({ start: 0, end: 10 });
    expect(passageIn({ start: 12, end: 14 }, editions, "es1")).toEqual({ start: 12, end: 26 });
    expect(passageIn({ start: 19, end: 21, edition: "es1" }, editions, null)).toEqual({ start: 12, end: 18 });
  });

  it("gives up on a passage of an edition the session does not have", () => {
    expect(passageIn({ start: 0, end: 3, edition: "gone" }, editions, null)).toBeNull();
  });

  it("groups items of other editions by the reader's aligned paragraphs", () => {
    const items = [
      { id: "x", start: 0, end: 3 },
      { id: "y", start: 0, end: 3, edition: "es1" },
      { id: "z", start: 12, end: 14 },
    ];
    const forSpanish = itemsByAlignedBlock(items, editions, "es1");
    expect([...forSpanish.entries()].map(([id, list]) => [id, list.map((item) => item.id)])).toEqual([
      ["u", ["x"]],
      ["v", ["z"]],
      ["w", ["z"]],
    ]);
    const forEnglish = itemsByAlignedBlock(items, editions, null);
    expect([...forEnglish.entries()].map(([id, list]) => [id, list.map((item) => item.id)])).toEqual([
      ["a", ["y"]],
      ["b", ["y"]],
    ]);
  });

  it("finds where another edition's reader is, in the reader's own paragraphs", () => {
    expect(blockIn("v", editions, null)).toBe("c");
    expect(blockIn("b", editions, "es1")).toBe("u");
    expect(blockIn("b", editions, null)).toBe("b");
    expect(blockIn("nowhere", editions, null)).toBeNull();
  });

  it("gives a passage's words as each edition reads it, for the projector", () => {
    const focus = { start: 12, end: 17, exact: "Three" };
    expect(passageWords(focus, editions, null)).toEqual(focus);
    expect(passageWords(focus, editions, "es1")).toEqual({ start: 12, end: 26, exact: "Tres,\n\nen dos." });
    expect(passageWords({ start: 0, end: 3, exact: "Uno", edition: "es1" }, editions, null)).toEqual({ start: 0, end: 10, exact: "One.\n\nTwo." });
    expect(passageWords({ start: 0, end: 3, exact: "Uno", edition: "gone" }, editions, null)).toBeNull();
  });

  it("places an item in the original and names its language", () => {
    expect(placeInOriginal({ start: 12, end: 14, edition: "es1" }, editions)).toEqual({ start: 12, end: 18 });
    expect(placeInOriginal({ start: 0, end: 3 }, [])).toEqual({ start: 0, end: 3 });
    expect(itemLanguage({ edition: "es1" }, editions, "en")).toBe("es");
    expect(itemLanguage({}, editions, "en")).toBe("en");
    expect(itemLanguage({ edition: "gone" }, editions, "en")).toBe("en");
  });

  it("counts every edition's items on the paragraphs of the one shown", () => {
    const items = [
      { start: 0, end: 3 },
      { start: 0, end: 3, edition: "es1" },
      { start: 12, end: 14 },
    ];
    expect([...paragraphCounts(items, editions, "es1").entries()]).toEqual([
      ["u", { count: 2, languages: ["en", "es"] }],
      ["v", { count: 1, languages: ["en"] }],
      ["w", { count: 1, languages: ["en"] }],
    ]);
  });
});
