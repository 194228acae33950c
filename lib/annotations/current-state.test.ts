import { describe, expect, it } from "vitest";
import type { AnnotationView, QuestionView, SessionEventView } from "../protocol";
import { withCurrentItems } from "./current-state";

const annotation = (seq: number, change: Partial<AnnotationView> = {}): AnnotationView => ({
  id: "a1",
  authorId: "u1",
  authorName: "Ana",
  kind: "key_point",
  visibility: "shared",
  start: 0,
  end: 4,
  exact: "Text",
  prefix: "",
  suffix: "",
  body: "first words",
  bodyHtml: "<p>first words</p>",
  createdAt: 1,
  editedAt: null,
  hidden: false,
  deleted: false,
  beforeMeeting: false,
  seq,
  ...change,
});

const question = (id: string, seq: number, text: string): QuestionView => ({
  id,
  authorId: "u1",
  authorName: "Ana",
  text,
  passage: null,
  timeBoxMinutes: null,
  answerFirst: false,
  answersOpen: false,
  place: "agenda",
  position: 1,
  revealedAt: null,
  createdAt: 1,
  deleted: false,
  seq,
});

const event = (seq: number, type: string, change: Partial<SessionEventView>): SessionEventView => ({ seq, type, actorId: "u1", at: seq, ...change });

describe("withCurrentItems", () => {
  it("gives every event the newest state of its item, so old words are not repeated", () => {
    const events = [
      event(1, "annotation.create", { annotation: annotation(1) }),
      event(2, "annotation.update", { annotation: annotation(2, { body: "second words", bodyHtml: "<p>second words</p>" }) }),
      event(3, "annotation.delete", { annotation: annotation(3, { body: "", bodyHtml: "", deleted: true }) }),
    ];
    const current = withCurrentItems(events);
    expect(current.map((item) => item.annotation)).toEqual([
      annotation(3, { body: "", bodyHtml: "", deleted: true }),
      ...Array(2).fill(annotation(3, { body: "", bodyHtml: "", deleted: true })),
    ]);
    expect(current.map((item) => [item.seq, item.type])).toEqual([
      [1, "annotation.create"],
      [2, "annotation.update"],
      [3, "annotation.delete"],
    ]);
    expect(JSON.stringify(current)).not.toMatch(/first words|second words/);
  });

  it("replaces items inside lists (a reordered agenda) and leaves unrelated items alone", () => {
    const events = [
      event(1, "question.create", { question: question("q1", 1, "Old?") }),
      event(2, "question.create", { question: question("q2", 2, "Other?") }),
      event(3, "question.update", { question: question("q1", 3, "New?") }),
      event(4, "question.reorder", { questions: [question("q2", 4, "Other?"), question("q1", 4, "New?")] }),
    ];
    const current = withCurrentItems(events);
    expect(current[0]?.question).toEqual(question("q1", 4, "New?"));
    expect(current[1]?.question).toEqual(question("q2", 4, "Other?"));
    expect(current[3]?.questions).toEqual([question("q2", 4, "Other?"), question("q1", 4, "New?")]);
  });

  it("changes nothing in a run where each item appears once", () => {
    const events = [event(1, "annotation.create", { annotation: annotation(1) }), event(2, "question.create", { question: question("q1", 2, "Why?") })];
    expect(withCurrentItems(events)).toEqual(events);
  });
});
