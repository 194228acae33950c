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

beforeEach(async () => {
  await openFreshTestDatabase();
  const people = await Promise.all(["fac", "ben", "cara"].map((name) => createUser({ username: name, displayName: name, passwordHash: "x" })));
  const group = await createGroup({ name: "G", description: "", ownerId: people[0]!.id });
  await addMember(group.id, people[1]!.id, "member");
  await addMember(group.id, people[2]!.id, "member");
  const blocks = blocksFromMarkdown(markdown);
  const article = await createArticle({
    groupId: group.id,
    title: "T",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks,
    createdBy: people[0]!.id,
  });
  const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: people[0]!.id });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  fac = { id: people[0]!.id, name: "fac", role: "owner" };
  ben = { id: people[1]!.id, name: "ben", role: "member" };
  cara = { id: people[2]!.id, name: "cara", role: "member" };
});

async function run(actor: Actor, operation: Operation) {
  return await applyOperation({ session, actor, clientOpId: `op-${++counter}-abcdefgh`, operation });
}

async function refused(actor: Actor, operation: Operation, code: string) {
  await expect(run(actor, operation)).rejects.toThrow(expect.objectContaining({ code }));
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
  it("keeps prepared questions from members until revealed, in snapshots and in catch-up", async () => {
    await run(fac, question("q1"));
    expect((await sessionSnapshot(session.id, ben)).questions).toHaveLength(0);
    expect(await sessionEventsAfter(session.id, 0, { id: ben.id, facilitator: false })).toHaveLength(0);
    expect((await sessionSnapshot(session.id, fac)).questions).toHaveLength(1);
    await run(fac, { type: "question.reveal", questionId: "q1" });
    expect((await sessionSnapshot(session.id, ben)).questions).toEqual([expect.objectContaining({ id: "q1", revealedAt: expect.any(Number) })]);
    expect((await sessionSnapshot(session.id, ben)).room.currentQuestionId).toBe("q1");
  });

  it("refuses members who try to prepare, reveal, or steer", async () => {
    await run(fac, question("q1"));
    await refused(ben, question("q2"), "FORBIDDEN");
    await refused(ben, { type: "question.reveal", questionId: "q1" }, "FORBIDDEN");
    await refused(ben, { type: "question.openAnswers", questionId: "q1" }, "FORBIDDEN");
    await refused(ben, { type: "hand.callNext" }, "FORBIDDEN");
    await refused(ben, { type: "focus.set", passage: { start: 0, end: 9, exact: "The union" } }, "FORBIDDEN");
  });

  it("refuses revealing a question twice", async () => {
    await run(fac, question("q1"));
    await run(fac, { type: "question.reveal", questionId: "q1" });
    await refused(fac, { type: "question.reveal", questionId: "q1" }, "CONFLICT");
  });

  it("anchors a question to a passage only when the passage matches the text", async () => {
    await refused(fac, question("q1", { passage: { start: 0, end: 9, exact: "The onion" } }), "BAD_REQUEST");
    await run(fac, question("q1", { passage: { start: 0, end: 9, exact: "The union" } }));
  });

  it("orders the agenda only with every question listed once", async () => {
    await run(fac, question("q1"));
    await run(fac, question("q2"));
    await refused(fac, { type: "question.reorder", questionIds: ["q2"] }, "BAD_REQUEST");
    await run(fac, { type: "question.reorder", questionIds: ["q2", "q1"] });
    expect((await sessionSnapshot(session.id, fac)).questions.map((q) => q.id)).toEqual(["q2", "q1"]);
  });

  it("lets members raise questions into the parking lot and facilitators promote them", async () => {
    await run(ben, { type: "question.raise", questionId: "p1", text: "Who paid the lector?" });
    expect((await sessionSnapshot(session.id, cara)).questions[0]).toMatchObject({ place: "parking" });
    await run(fac, { type: "question.promote", questionId: "p1" });
    expect((await sessionSnapshot(session.id, cara)).questions[0]).toMatchObject({ place: "agenda" });
  });
});

describe("answer first", () => {
  it("seals answers until the facilitator opens them all at once", async () => {
    await run(fac, question("q1", { answerFirst: true }));
    await run(fac, { type: "question.reveal", questionId: "q1" });
    await run(ben, { type: "answer.create", answerId: "a1", questionId: "q1", body: "Enough to live on." });
    await run(cara, { type: "answer.create", answerId: "a2", questionId: "q1", body: "What the work is worth." });
    expect((await sessionSnapshot(session.id, ben)).answers.map((a) => a.id)).toEqual(["a1"]);
    expect((await sessionSnapshot(session.id, cara)).answers.map((a) => a.id)).toEqual(["a2"]);
    expect((await sessionEventsAfter(session.id, 0, { id: cara.id, facilitator: false })).some((event) => event.type === "answer.create" && event.actorId === ben.id)).toBe(false);
    expect((await sessionSnapshot(session.id, fac)).answers).toHaveLength(2);
    const opened = await run(fac, { type: "question.openAnswers", questionId: "q1" });
    expect((opened.event.payload as { answers: unknown[] }).answers).toHaveLength(2);
    expect((await sessionSnapshot(session.id, cara)).answers).toHaveLength(2);
    await refused(fac, { type: "question.openAnswers", questionId: "q1" }, "CONFLICT");
  });
});

describe("the room", () => {
  it("keeps a speaking queue in order and calls the next speaker", async () => {
    await run(ben, { type: "hand.raise" });
    await run(cara, { type: "hand.raise" });
    await refused(ben, { type: "hand.raise" }, "CONFLICT");
    expect((await sessionSnapshot(session.id, fac)).room.queue.map((entry) => entry.name)).toEqual(["ben", "cara"]);
    await run(fac, { type: "hand.callNext" });
    const room = (await sessionSnapshot(session.id, ben)).room;
    expect(room.speaking?.name).toBe("ben");
    expect(room.queue.map((entry) => entry.name)).toEqual(["cara"]);
  });

  it("tallies a passage poll and refuses a second vote", async () => {
    await run(fac, { type: "poll.open", pollId: "poll1", passage: { start: 0, end: 9, exact: "The union" } });
    await run(ben, { type: "poll.vote", pollId: "poll1", choice: "agree" });
    await run(cara, { type: "poll.vote", pollId: "poll1", choice: "unsure" });
    await refused(ben, { type: "poll.vote", pollId: "poll1", choice: "disagree" }, "CONFLICT");
    expect((await sessionSnapshot(session.id, fac)).room.poll?.tally).toEqual({ agree: 1, disagree: 0, unsure: 1 });
    await run(fac, { type: "poll.close", pollId: "poll1" });
    await refused(fac, { type: "poll.vote", pollId: "poll1", choice: "agree" }, "CONFLICT");
  });

  it("focuses a passage only inside the text", async () => {
    await refused(fac, { type: "focus.set", passage: { start: 500, end: 520, exact: "x" } }, "BAD_REQUEST");
    await run(fac, { type: "focus.set", passage: { start: 0, end: 9, exact: "The union" } });
    expect((await sessionSnapshot(session.id, ben)).room.focus).toEqual({ start: 0, end: 9, exact: "The union" });
  });

  it("closes the poll, empties the queue and stops the timer when the session ends", async () => {
    await changeSessionStatus({ sessionId: session.id, to: "live", actorId: fac.id, clientOpId: "op-live-abcdefgh" });
    await run(fac, { type: "poll.open", pollId: "poll1", passage: { start: 0, end: 9, exact: "The union" } });
    await run(ben, { type: "poll.vote", pollId: "poll1", choice: "agree" });
    await run(cara, { type: "hand.raise" });
    await changeSessionStatus({ sessionId: session.id, to: "ended", actorId: fac.id, clientOpId: "op-end-abcdefgh" });
    const room = (await sessionSnapshot(session.id, ben)).room;
    expect(room.poll).toMatchObject({ open: false, tally: { agree: 1, disagree: 0, unsure: 0 } });
    expect(room.queue).toEqual([]);
    expect(room.currentStartedAt).toBeNull();
    session = { ...session, status: "ended" };
    await refused(cara, { type: "poll.vote", pollId: "poll1", choice: "agree" }, "SESSION_ENDED");
  });

  it("does nothing live before the session starts or after it ends", async () => {
    session = { ...session, status: "planned" };
    await refused(ben, { type: "hand.raise" }, "SESSION_NOT_LIVE");
    session = { ...session, status: "ended" };
    await refused(ben, { type: "message.create", messageId: "m1", parentId: null, body: "late", quote: null }, "SESSION_ENDED");
    await refused(ben, { type: "hand.raise" }, "SESSION_ENDED");
  });
});

describe("thread", () => {
  it("threads one level deep, with mentions and reactions", async () => {
    await run(ben, { type: "message.create", messageId: "m1", parentId: null, body: "What do you think, @cara?", quote: { start: 0, end: 9, exact: "The union" } });
    await run(cara, { type: "message.create", messageId: "m2", parentId: "m1", body: "Agreed.", quote: null });
    await refused(fac, { type: "message.create", messageId: "m3", parentId: "m2", body: "Too deep", quote: null }, "BAD_REQUEST");
    await run(fac, { type: "message.react", messageId: "m1", reaction: "heart", on: true });
    await refused(cara, { type: "message.update", messageId: "m1", body: "hijack" }, "FORBIDDEN");
    const thread = (await sessionSnapshot(session.id, cara)).messages;
    expect(thread[0]).toMatchObject({ id: "m1", mentions: [cara.id], reactions: { heart: [fac.id] }, quote: { exact: "The union" } });
    expect(thread[1]).toMatchObject({ id: "m2", parentId: "m1" });
  });
});

describe("events on the wire", () => {
  it("carry the new state of every kind of change, valid against the protocol", async () => {
    const { presentEvent } = await import("../lib/annotations/present");
    const { sessionEventViewSchema } = await import("../lib/protocol");
    const events = [
      await run(fac, question("q1")),
      await run(fac, { type: "question.reveal", questionId: "q1" }),
      await run(ben, { type: "answer.create", answerId: "a1", questionId: "q1", body: "yes" }),
      await run(ben, { type: "message.create", messageId: "m1", parentId: null, body: "hi", quote: null }),
      await run(ben, { type: "hand.raise" }),
    ].map((applied) => sessionEventViewSchema.parse(presentEvent(applied.event)));
    expect(events[0]?.question?.id).toBe("q1");
    expect(events[1]?.room?.currentQuestionId).toBe("q1");
    expect(events[2]?.answer?.id).toBe("a1");
    expect(events[3]?.message?.id).toBe("m1");
    expect(events[4]?.room?.queue).toHaveLength(1);
  });
});
