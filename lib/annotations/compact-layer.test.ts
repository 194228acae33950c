import { describe, expect, it } from "vitest";
import type { AnnotationView, ReplyView } from "../protocol";
import { packLayer, unpackLayer } from "./compact-layer";

function annotation(index: number, extra: Partial<AnnotationView> = {}): AnnotationView {
  return {
    id: `a${index}`,
    authorId: index % 2 ? "ana" : "ben",
    authorName: index % 2 ? "Ana Ruiz" : "Ben Okafor",
    kind: "question",
    visibility: index % 3 ? "shared" : "private",
    start: index * 10,
    end: index * 10 + 8,
    exact: "a passage",
    prefix: "before ",
    suffix: " after",
    body: index % 2 ? "Why **this**?" : "",
    bodyHtml: index % 2 ? "<p>Why <strong>this</strong>?</p>" : "",
    createdAt: 1_700_000_000_000 + index,
    editedAt: index === 3 ? 1_700_000_100_000 : null,
    hidden: index === 4,
    deleted: false,
    beforeMeeting: index === 5,
    seq: index + 1,
    ...extra,
  };
}

const reply: ReplyView = {
  id: "r1",
  annotationId: "a1",
  authorId: "cara",
  authorName: "Cara Diaz",
  body: "Agreed.",
  bodyHtml: "<p>Agreed.</p>",
  createdAt: 1_700_000_000_500,
  editedAt: null,
  hidden: true,
  deleted: false,
  seq: 40,
};

describe("packLayer / unpackLayer", () => {
  it("gives back exactly the layer it packed, every field and flag", () => {
    const layer = { annotations: Array.from({ length: 8 }, (_, index) => annotation(index)), replies: [reply], lastSeq: 41 };
    expect(unpackLayer(packLayer(layer))).toEqual(layer);
  });

  it("names each person once", () => {
    const packed = packLayer({ annotations: Array.from({ length: 20 }, (_, index) => annotation(index)), replies: [reply], lastSeq: 41 });
    expect(packed.people.map(([id]) => id)).toEqual(["ben", "ana", "cara"]);
  });

  it("is much smaller than the same layer as objects", () => {
    const layer = { annotations: Array.from({ length: 200 }, (_, index) => annotation(index)), replies: [], lastSeq: 200 };
    expect(JSON.stringify(packLayer(layer)).length).toBeLessThan(JSON.stringify(layer).length * 0.7);
  });

  it("packs an empty layer", () => {
    expect(unpackLayer(packLayer({ annotations: [], replies: [], lastSeq: 0 }))).toEqual({ annotations: [], replies: [], lastSeq: 0 });
  });
});
