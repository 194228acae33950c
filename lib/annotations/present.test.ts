import { describe, expect, it } from "vitest";
import { sessionEventViewSchema, type MessageView, type QuestionView, type RoomView } from "../protocol";
import { presentEvent } from "./present";

const room: RoomView = {
  currentQuestionId: "q1",
  currentStartedAt: 1_700_000_000_000,
  focus: { start: 4, end: 9, exact: "union" },
  queue: [{ userId: "u2", name: "Ben", raisedAt: 1_700_000_000_500 }],
  speaking: null,
  poll: { id: "p1", passage: { start: 4, end: 9, exact: "union" }, open: true, tally: { agree: 1, disagree: 0, unsure: 0 }, voters: ["u2"] },
  seq: 7,
};
const question: QuestionView = {
  id: "q1", authorId: "u1", authorName: "Ana", text: "Why?", passage: null, timeBoxMinutes: 5, answerFirst: false, answersOpen: false,
  place: "agenda", position: 1, revealedAt: 1_700_000_000_000, createdAt: 1_699_999_000_000, deleted: false, seq: 7,
};
const message: MessageView = {
  id: "m1", parentId: null, authorId: "u2", authorName: "Ben", body: "Yes", bodyHtml: "<p>Yes</p>", quote: null, mentions: [], reactions: {},
  createdAt: 1_700_000_000_000, editedAt: null, deleted: false, seq: 6,
};

describe("presentEvent", () => {
  it("sends the meeting's state with the event: room, questions, thread messages", () => {
    const at = new Date(1_700_000_000_000);
    const revealed = presentEvent({ seq: 7, type: "question.reveal", actorId: "u1", createdAt: at, payload: { question, room } });
    expect(sessionEventViewSchema.parse(revealed)).toMatchObject({ question: { id: "q1" }, room: { focus: { exact: "union" }, poll: { tally: { agree: 1 } } } });
    const posted = presentEvent({ seq: 6, type: "message.create", actorId: "u2", createdAt: at, payload: { message } });
    expect(sessionEventViewSchema.parse(posted).message).toEqual(message);
    const reordered = presentEvent({ seq: 8, type: "question.reorder", actorId: "u1", createdAt: at, payload: { questions: [question] } });
    expect(sessionEventViewSchema.parse(reordered).questions).toHaveLength(1);
  });
});
