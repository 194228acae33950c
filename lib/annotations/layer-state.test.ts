import { describe, expect, it } from "vitest";
import type { AnnotationView, SessionEventView } from "../protocol";
import { annotationsAt, applyEvent, applyEvents, emptyLayer, emptyRoom, layerFromSnapshot, overlaps, visibleLayer, withAnnotationLayer } from "./layer-state";

const viewer = { id: "me", name: "Me" };

function annotation(id: string, seq: number, extra: Partial<AnnotationView> = {}): AnnotationView {
  return {
    id, authorId: "ana", authorName: "Ana", kind: "key_point", visibility: "shared", start: 0, end: 5, exact: "hello", prefix: "", suffix: "",
    body: "", bodyHtml: "", createdAt: seq, editedAt: null, hidden: false, deleted: false, beforeMeeting: false, seq, ...extra,
  };
}

function event(seq: number, item: AnnotationView): SessionEventView {
  return { seq, type: "annotation.create", actorId: item.authorId, at: seq, annotation: item };
}

describe("applyEvent", () => {
  it("is idempotent: the same event twice changes nothing the second time", () => {
    const once = applyEvent(emptyLayer, event(1, annotation("a", 1)));
    expect(applyEvent(once, event(1, annotation("a", 1)))).toBe(once);
  });

  it("ignores an older state arriving after a newer one", () => {
    const newer = applyEvent(emptyLayer, event(2, annotation("a", 2, { body: "edited" })));
    const after = applyEvent(newer, event(1, annotation("a", 1)));
    expect(after.annotations.a?.body).toBe("edited");
    expect(after.lastSeq).toBe(2);
  });

  it("builds the same state from events as from a snapshot", () => {
    const events = [event(1, annotation("a", 1)), event(2, annotation("b", 2)), event(3, annotation("a", 3, { body: "x" }))];
    const fromEvents = applyEvents(emptyLayer, events);
    const fromSnapshot = layerFromSnapshot({ annotations: [annotation("a", 3, { body: "x" }), annotation("b", 2)], replies: [], messages: [], questions: [], answers: [], room: emptyRoom, lastSeq: 3 });
    expect(fromEvents).toEqual(fromSnapshot);
  });
});

describe("withAnnotationLayer", () => {
  it("adds the layer fetched after the page without moving the cursor, so catch-up still starts where the page left off", () => {
    const page = layerFromSnapshot({ annotations: [], replies: [], messages: [], questions: [], answers: [], room: emptyRoom, lastSeq: 5 });
    const layer = { annotations: [annotation("a", 4), annotation("b", 7)], replies: [] };
    const merged = withAnnotationLayer(page, layer);
    expect(Object.keys(merged.annotations).sort()).toEqual(["a", "b"]);
    expect(merged.lastSeq).toBe(5);
  });

  it("keeps what events already brought when the fetched layer is older", () => {
    const live = applyEvent(emptyLayer, event(9, annotation("a", 9, { body: "edited live" })));
    const merged = withAnnotationLayer(live, { annotations: [annotation("a", 3)], replies: [] });
    expect(merged.annotations.a?.body).toBe("edited live");
    expect(merged.lastSeq).toBe(9);
  });

  it("ends in the same state whether the layer or the catch-up arrives first", () => {
    const page = layerFromSnapshot({ annotations: [], replies: [], messages: [], questions: [], answers: [], room: emptyRoom, lastSeq: 2 });
    const layer = { annotations: [annotation("a", 1), annotation("b", 3)], replies: [] };
    const missed = [event(3, annotation("b", 3)), event(4, annotation("a", 4, { deleted: true }))];
    const layerFirst = applyEvents(withAnnotationLayer(page, layer), missed);
    const eventsFirst = withAnnotationLayer(applyEvents(page, missed), layer);
    expect(layerFirst).toEqual(eventsFirst);
    expect(layerFirst.annotations.a?.deleted).toBe(true);
  });
});

describe("visibleLayer", () => {
  it("shows a pending annotation at once, marked pending", () => {
    const view = visibleLayer(emptyLayer, [{ clientOpId: "op1", createdAt: 5, operation: { type: "annotation.create", annotationId: "n", kind: "question", visibility: "shared", passage: { start: 1, end: 3, exact: "el" }, body: "hm" } }], viewer);
    expect(view.annotations).toEqual([expect.objectContaining({ id: "n", pending: true, authorName: "Me", kind: "question" })]);
  });

  it("hides deleted annotations and their replies, including a pending delete", () => {
    const state = applyEvents(emptyLayer, [event(1, annotation("a", 1)), { seq: 2, type: "reply.create", actorId: "ana", at: 2, reply: { id: "r", annotationId: "a", authorId: "ana", authorName: "Ana", body: "x", bodyHtml: "", createdAt: 2, editedAt: null, hidden: false, deleted: false, seq: 2 } }]);
    expect(visibleLayer(state, [], viewer).replies).toHaveLength(1);
    const view = visibleLayer(state, [{ clientOpId: "op", createdAt: 3, operation: { type: "annotation.delete", annotationId: "a" } }], viewer);
    expect(view.annotations).toHaveLength(0);
    expect(view.replies).toHaveLength(0);
  });

  it("rolls back when the pending operation is dropped", () => {
    const state = applyEvent(emptyLayer, event(1, annotation("a", 1, { body: "original" })));
    const pending = [{ clientOpId: "op", createdAt: 3, operation: { type: "annotation.update" as const, annotationId: "a", kind: "key_point" as const, body: "draft" } }];
    expect(visibleLayer(state, pending, viewer).annotations[0]?.body).toBe("draft");
    expect(visibleLayer(state, [], viewer).annotations[0]?.body).toBe("original");
  });
});

describe("annotationsAt and overlaps", () => {
  const ranges = [
    { id: "a", start: 0, end: 10 },
    { id: "b", start: 5, end: 15 },
    { id: "c", start: 12, end: 20 },
    { id: "d", start: 30, end: 40 },
  ];

  it("finds every annotation covering a point", () => {
    expect(annotationsAt(ranges, 7).map((range) => range.id)).toEqual(["a", "b"]);
    expect(annotationsAt(ranges, 10).map((range) => range.id)).toEqual(["b"]);
    expect(annotationsAt(ranges, 25)).toEqual([]);
  });

  it("finds the stretches covered more than once", () => {
    expect(overlaps(ranges)).toEqual([
      { start: 5, end: 10 },
      { start: 12, end: 15 },
    ]);
    expect(overlaps([{ start: 0, end: 10 }, { start: 0, end: 10 }, { start: 10, end: 20 }, { start: 10, end: 20 }])).toEqual([{ start: 0, end: 20 }]);
    expect(overlaps([{ start: 0, end: 5 }, { start: 5, end: 9 }])).toEqual([]);
  });
});
