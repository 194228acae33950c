import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import type { Actor, SessionContext } from "./operation-context";
import { sessionEventsAfter } from "./session-events";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { changeSessionStatus, scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const markdown = "The union met on Sunday.\n\nEveryone agreed to publish the minutes.";
let session: SessionContext;
let fac: Actor;
let ben: Actor;
let cara: Actor;
let counter = 0;

beforeEach(() => {
  openFreshTestDatabase();
  const people = ["fac", "ben", "cara"].map((name) => createUser({ username: name, displayName: name, passwordHash: "x" }));
  const group = createGroup({ name: "G", description: "", ownerId: people[0]!.id });
  addMember(group.id, people[1]!.id, "member");
  addMember(group.id, people[2]!.id, "member");
  const blocks = blocksFromMarkdown(markdown);
  const article = createArticle({ groupId: group.id, title: "T", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: people[0]!.id });
  const { id } = scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: people[0]!.id });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  fac = { id: people[0]!.id, name: "fac", role: "owner" };
  ben = { id: people[1]!.id, name: "ben", role: "member" };
  cara = { id: people[2]!.id, name: "cara", role: "member" };
});

function run(actor: Actor, operation: Operation) {
  return applyOperation({ session, actor, clientOpId: `op-${++counter}-abcdefgh`, operation });
}

function refused(actor: Actor, operation: Operation, code: string) {
  expect(() => run(actor, operation)).toThrow(expect.objectContaining({ code }));
}

const question = (questionId: string, extra: Partial<Extract<Operation, { type: "question.create" }>> = {}): Operation => ({
  type: "question.create",
  questionId,
  text: "What is a fair day's wage?",
  passage: null,
  timeBoxMinutes: 10,
  answerFirst: false,
  ...extra,
});

describe("questions", () => {
  it("keeps prepared questions from members until revealed, in snapshots and in catch-up", () => {
    run(fac, question("q1"));
    expect(sessionSnapshot(session.id, ben).questions).toHaveLength(0);
    expect(sessionEventsAfter(session.id, 0, { id: ben.id, facilitator: false })).toHaveLength(0);
    expect(sessionSnapshot(session.id, fac).questions).toHaveLength(1);
    run(fac, { type: "question.reveal", questionId: "q1" });
    expect(sessionSnapshot(session.id, ben).questions).toEqual([expect.objectContaining({ id: "q1", revealedAt: expect.any(Number) })]);
    expect(sessionSnapshot(session.id, ben).room.currentQuestionId).toBe("q1");
  });

  it("refuses members who try to prepare, reveal, or steer", () => {
    run(fac, question("q1"));
    refused(ben, question("q2"), "FORBIDDEN");
    refused(ben, { type: "question.reveal", questionId: "q1" }, "FORBIDDEN");
    refused(ben, { type: "question.openAnswers", questionId: "q1" }, "FORBIDDEN");
    refused(ben, { type: "hand.callNext" }, "FORBIDDEN");
    refused(ben, { type: "focus.set", passage: { start: 0, end: 9, exact: "The union" } }, "FORBIDDEN");
  });

  it("refuses revealing a question twice", () => {
    run(fac, question("q1"));
    run(fac, { type: "question.reveal", questionId: "q1" });
    refused(fac, { type: "question.reveal", questionId: "q1" }, "CONFLICT");
  });

  it("anchors a question to a passage only when the passage matches the text", () => {
    refused(fac, question("q1", { passage: { start: 0, end: 9, exact: "The onion" } }), "BAD_REQUEST");
    run(fac, question("q1", { passage: { start: 0, end: 9, exact: "The union" } }));
  });

  it("orders the agenda only with every question listed once", () => {
    run(fac, question("q1"));
    run(fac, question("q2"));
    refused(fac, { type: "question.reorder", questionIds: ["q2"] }, "BAD_REQUEST");
    run(fac, { type: "question.reorder", questionIds: ["q2", "q1"] });
    expect(sessionSnapshot(session.id, fac).questions.map((q) => q.id)).toEqual(["q2", "q1"]);
  });

  it("lets members raise questions into the parking lot and facilitators promote them", () => {
    run(ben, { type: "question.raise", questionId: "p1", text: "Who paid the lector?" });
    expect(sessionSnapshot(session.id, cara).questions[0]).toMatchObject({ place: "parking" });
    run(fac, { type: "question.promote", questionId: "p1" });
    expect(sessionSnapshot(session.id, cara).questions[0]).toMatchObject({ place: "agenda" });
  });
});

describe("answer first", () => {
  it("seals answers until the facilitator opens them all at once", () => {
    run(fac, question("q1", { answerFirst: true }));
    run(fac, { type: "question.reveal", questionId: "q1" });
    run(ben, { type: "answer.create", answerId: "a1", questionId: "q1", body: "Enough to live on." });
    run(cara, { type: "answer.create", answerId: "a2", questionId: "q1", body: "What the work is worth." });
    expect(sessionSnapshot(session.id, ben).answers.map((a) => a.id)).toEqual(["a1"]);
    expect(sessionSnapshot(session.id, cara).answers.map((a) => a.id)).toEqual(["a2"]);
    expect(sessionEventsAfter(session.id, 0, { id: cara.id, facilitator: false }).some((event) => event.type === "answer.create" && event.actorId === ben.id)).toBe(false);
    expect(sessionSnapshot(session.id, fac).answers).toHaveLength(2);
    const opened = run(fac, { type: "question.openAnswers", questionId: "q1" });
    expect((opened.event.payload as { answers: unknown[] }).answers).toHaveLength(2);
    expect(sessionSnapshot(session.id, cara).answers).toHaveLength(2);
    refused(fac, { type: "question.openAnswers", questionId: "q1" }, "CONFLICT");
  });
});

describe("the room", () => {
  it("keeps a speaking queue in order and calls the next speaker", () => {
    run(ben, { type: "hand.raise" });
    run(cara, { type: "hand.raise" });
    refused(ben, { type: "hand.raise" }, "CONFLICT");
    expect(sessionSnapshot(session.id, fac).room.queue.map((entry) => entry.name)).toEqual(["ben", "cara"]);
    run(fac, { type: "hand.callNext" });
    const room = sessionSnapshot(session.id, ben).room;
    expect(room.speaking?.name).toBe("ben");
    expect(room.queue.map((entry) => entry.name)).toEqual(["cara"]);
  });

  it("tallies a passage poll and refuses a second vote", () => {
    run(fac, { type: "poll.open", pollId: "poll1", passage: { start: 0, end: 9, exact: "The union" } });
    run(ben, { type: "poll.vote", pollId: "poll1", choice: "agree" });
    run(cara, { type: "poll.vote", pollId: "poll1", choice: "unsure" });
    refused(ben, { type: "poll.vote", pollId: "poll1", choice: "disagree" }, "CONFLICT");
    expect(sessionSnapshot(session.id, fac).room.poll?.tally).toEqual({ agree: 1, disagree: 0, unsure: 1 });
    run(fac, { type: "poll.close", pollId: "poll1" });
    refused(fac, { type: "poll.vote", pollId: "poll1", choice: "agree" }, "CONFLICT");
  });

  it("focuses a passage only inside the text", () => {
    refused(fac, { type: "focus.set", passage: { start: 500, end: 520, exact: "x" } }, "BAD_REQUEST");
    run(fac, { type: "focus.set", passage: { start: 0, end: 9, exact: "The union" } });
    expect(sessionSnapshot(session.id, ben).room.focus).toEqual({ start: 0, end: 9, exact: "The union" });
  });

  it("closes the poll, empties the queue and stops the timer when the session ends", () => {
    changeSessionStatus({ sessionId: session.id, to: "live", actorId: fac.id, clientOpId: "op-live-abcdefgh" });
    run(fac, { type: "poll.open", pollId: "poll1", passage: { start: 0, end: 9, exact: "The union" } });
    run(ben, { type: "poll.vote", pollId: "poll1", choice: "agree" });
    run(cara, { type: "hand.raise" });
    changeSessionStatus({ sessionId: session.id, to: "ended", actorId: fac.id, clientOpId: "op-end-abcdefgh" });
    const room = sessionSnapshot(session.id, ben).room;
    expect(room.poll).toMatchObject({ open: false, tally: { agree: 1, disagree: 0, unsure: 0 } });
    expect(room.queue).toEqual([]);
    expect(room.currentStartedAt).toBeNull();
    session = { ...session, status: "ended" };
    refused(cara, { type: "poll.vote", pollId: "poll1", choice: "agree" }, "SESSION_ENDED");
  });

  it("does nothing live before the session starts or after it ends", () => {
    session = { ...session, status: "planned" };
    refused(ben, { type: "hand.raise" }, "INVALID_STATUS_CHANGE");
    session = { ...session, status: "ended" };
    refused(ben, { type: "message.create", messageId: "m1", parentId: null, body: "late", quote: null }, "SESSION_ENDED");
    refused(ben, { type: "hand.raise" }, "SESSION_ENDED");
  });
});

describe("thread", () => {
  it("threads one level deep, with mentions and reactions", () => {
    run(ben, { type: "message.create", messageId: "m1", parentId: null, body: "What do you think, @cara?", quote: { start: 0, end: 9, exact: "The union" } });
    run(cara, { type: "message.create", messageId: "m2", parentId: "m1", body: "Agreed.", quote: null });
    refused(fac, { type: "message.create", messageId: "m3", parentId: "m2", body: "Too deep", quote: null }, "BAD_REQUEST");
    run(fac, { type: "message.react", messageId: "m1", reaction: "heart", on: true });
    refused(cara, { type: "message.update", messageId: "m1", body: "hijack" }, "FORBIDDEN");
    const thread = sessionSnapshot(session.id, cara).messages;
    expect(thread[0]).toMatchObject({ id: "m1", mentions: [cara.id], reactions: { heart: [fac.id] }, quote: { exact: "The union" } });
    expect(thread[1]).toMatchObject({ id: "m2", parentId: "m1" });
  });
});

describe("events on the wire", () => {
  it("carry the new state of every kind of change, valid against the protocol", async () => {
    const { presentEvent } = await import("../lib/annotations/present");
    const { sessionEventViewSchema } = await import("../lib/protocol");
    const events = [
      run(fac, question("q1")),
      run(fac, { type: "question.reveal", questionId: "q1" }),
      run(ben, { type: "answer.create", answerId: "a1", questionId: "q1", body: "yes" }),
      run(ben, { type: "message.create", messageId: "m1", parentId: null, body: "hi", quote: null }),
      run(ben, { type: "hand.raise" }),
    ].map((applied) => sessionEventViewSchema.parse(presentEvent(applied.event)));
    expect(events[0]?.question?.id).toBe("q1");
    expect(events[1]?.room?.currentQuestionId).toBe("q1");
    expect(events[2]?.answer?.id).toBe("a1");
    expect(events[3]?.message?.id).toBe("m1");
    expect(events[4]?.room?.queue).toHaveLength(1);
  });
});
