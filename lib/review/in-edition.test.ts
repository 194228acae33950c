import { describe, expect, it } from "vitest";
import type { VisibleLayer } from "../annotations/layer-state";
import type { Block } from "../article/blocks";
import type { ReadingEdition } from "../editions/editions";
import { layerInEdition } from "./in-edition";

const block = (id: string, text: string): Block => ({ id, type: "paragraph", text });
// "One." 0–4, "Two." 6–10 | "Uno." 0–4, "Nota." 6–11, "Dos." 13–17
const original: ReadingEdition = { id: null, language: "en", blocks: [block("a", "One."), block("b", "Two.")], alignment: [] };
const spanish: ReadingEdition = {
  id: "es",
  language: "es",
  blocks: [block("u", "Uno."), block("n", "Nota."), block("v", "Dos.")],
  alignment: [
    { source: ["a"], target: ["u"] },
    { source: [], target: ["n"] },
    { source: ["b"], target: ["v"] },
  ],
};

const annotation = (id: string, start: number, end: number, edition?: string) => ({ id, kind: "key_point", authorId: "u", start, end, exact: "x", ...(edition && { edition }) });

describe("layerInEdition", () => {
  const layer = {
    annotations: [annotation("en", 6, 9), annotation("es", 14, 16, "es"), annotation("note", 6, 10, "es")],
    messages: [
      { id: "m1", quote: { start: 0, end: 3, exact: "Uno", edition: "es" } },
      { id: "m2", quote: null },
    ],
    questions: [{ id: "q1", passage: { start: 6, end: 10, exact: "Nota", edition: "es" } }],
    // Only what laying items on the original reads is filled in.
  } as unknown as Pick<VisibleLayer, "annotations" | "messages" | "questions">;

  it("moves what was made on an edition to the original's aligned paragraphs, keeping its words and its edition", () => {
    const { layer: placed, unplaced } = layerInEdition(layer, [original, spanish], null);
    expect(placed.annotations.map((item) => [item.id, item.start, item.end, item.edition])).toEqual([
      ["en", 6, 9, undefined],
      ["es", 6, 10, "es"],
    ]);
    expect(placed.messages[0]!.quote).toEqual({ start: 0, end: 4, exact: "Uno", edition: "es" });
    expect(placed.messages[1]!.quote).toBeNull();
    // A translator's note is aligned with nothing in the original: listed apart, and its question loses the place it cannot have.
    expect(unplaced.map((item) => item.id)).toEqual(["note"]);
    expect(placed.questions[0]!.passage).toBeNull();
  });

  it("lays everything on an edition for its readers: its own items as they are, the original's on the aligned paragraphs", () => {
    const { layer: placed, unplaced } = layerInEdition(layer, [original, spanish], "es");
    expect(placed.annotations.map((item) => [item.id, item.start, item.end, item.edition])).toEqual([
      ["en", 13, 17, undefined],
      ["es", 14, 16, "es"],
      ["note", 6, 10, "es"],
    ]);
    expect(unplaced).toEqual([]);
    expect(placed.messages[0]!.quote).toBe(layer.messages[0]!.quote);
    expect(placed.questions[0]!.passage).toBe(layer.questions[0]!.passage);
  });

  it("lists apart what the edition has nothing aligned with", () => {
    const english = { annotations: [annotation("orphan", 0, 3)], messages: [], questions: [] } as unknown as Pick<VisibleLayer, "annotations" | "messages" | "questions">;
    const lopsided: ReadingEdition = { ...spanish, alignment: [{ source: ["b"], target: ["v"] }] };
    expect(layerInEdition(english, [original, lopsided], "es").unplaced.map((item) => item.id)).toEqual(["orphan"]);
  });

  it("leaves a session in one language as it is", () => {
    const result = layerInEdition(layer, [], null);
    expect(result.layer).toBe(layer);
    expect(result.unplaced).toEqual([]);
  });
});
