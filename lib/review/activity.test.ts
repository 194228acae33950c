import { describe, expect, it } from "vitest";
import { describeRange } from "../anchoring/selectors";
import { canonicalText } from "../article/blocks";
import { blocksFromMarkdown } from "../article/markdown-import";
import type { AnnotationView, SessionEventView } from "../protocol";
import { activityHistogram, heatByBlock } from "./activity";

const blocks = blocksFromMarkdown("First paragraph about rooms.\n\nSecond paragraph about lamps.\n\nThird one.");
const text = canonicalText(blocks);

function annotation(id: string, exact: string): AnnotationView {
  const start = text.indexOf(exact);
  return { id, authorId: "a", authorName: "A", kind: "key_point", visibility: "shared", ...describeRange(text, start, start + exact.length), body: "", bodyHtml: "", createdAt: 0, editedAt: null, hidden: false, deleted: false, beforeMeeting: false, seq: 1 };
}

describe("activityHistogram", () => {
  it("counts creations per slice of the meeting, by kind, with earlier events in the first slice", () => {
    const events: SessionEventView[] = [
      { seq: 1, type: "annotation.create", actorId: "a", at: 50 },
      { seq: 2, type: "reply.create", actorId: "a", at: 100 },
      { seq: 3, type: "message.create", actorId: "a", at: 150 },
      { seq: 4, type: "annotation.update", actorId: "a", at: 160 },
      { seq: 5, type: "question.raise", actorId: "a", at: 199 },
      { seq: 6, type: "hand.raise", actorId: "a", at: 199 },
    ];
    const histogram = activityHistogram(events, 100, 200, 2);
    expect(histogram.buckets).toEqual([
      { annotations: 2, thread: 0, questions: 0 },
      { annotations: 0, thread: 1, questions: 1 },
    ]);
    expect(histogram.max).toBe(2);
  });
});

describe("heatByBlock", () => {
  it("counts annotations and their replies, quoting messages and anchored questions per paragraph", () => {
    const heat = heatByBlock(blocks, {
      annotations: [annotation("x", "about rooms"), annotation("y", "First")],
      replies: [{ id: "r", annotationId: "x", authorId: "b", authorName: "B", body: "", bodyHtml: "", createdAt: 0, editedAt: null, hidden: false, deleted: false, seq: 2 }],
      messages: [{ id: "m", parentId: null, authorId: "b", authorName: "B", body: "", bodyHtml: "", quote: { start: text.indexOf("lamps"), end: text.indexOf("lamps") + 5, exact: "lamps" }, mentions: [], reactions: {}, createdAt: 0, editedAt: null, deleted: false, seq: 3 }],
      questions: [],
      answers: [],
    });
    expect(heat.get(blocks[0]!.id)).toEqual({ annotations: 2, replies: 1, messages: 0, questions: 0, total: 3 });
    expect(heat.get(blocks[1]!.id)).toEqual({ annotations: 0, replies: 0, messages: 1, questions: 0, total: 1 });
    expect(heat.has(blocks[2]!.id)).toBe(false);
  });
});
