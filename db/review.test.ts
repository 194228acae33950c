import { beforeEach, describe, expect, it } from "vitest";
import { applyEvents, emptyLayer, layerFromSnapshot, visibleLayer } from "../lib/annotations/layer-state";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { buildTimeline, stateAfter, visibleItems } from "../lib/review/replay";
import type { Actor } from "./operation-context";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { listArchive } from "./archive";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { demoPastSteps, recordPastSession } from "./demo/past-session";
import { addMember, createGroup } from "./groups";
import { loadSessionRecord, reviewEvents, sessionInGroup } from "./review";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";
import { readFileSync } from "node:fs";
import path from "node:path";
import { canonicalText } from "../lib/article/blocks";

let people: Record<string, Actor & { role: "owner" | "member" }>;
let groupId: string;
let articleId: string;
let sessionId: string;

beforeEach(async () => {
  await openFreshTestDatabase();
  people = {};
  for (const [name, role] of [
    ["ana", "owner"],
    ["ben", "member"],
    ["carmen", "member"],
    ["dev", "member"],
    ["eve", "member"],
  ] as const) {
    const user = await createUser({ username: name, displayName: name[0]!.toUpperCase() + name.slice(1), passwordHash: "x" });
    people[name] = { id: user.id, name: user.displayName, role };
  }
  groupId = (await createGroup({ name: "Sunday Readers", description: "", ownerId: people.ana!.id })).id;
  for (const name of ["ben", "carmen", "dev", "eve"]) await addMember(groupId, people[name]!.id, "member");
  const blocks = blocksFromMarkdown(readFileSync(path.join(import.meta.dirname, "demo/reading-rooms.md"), "utf8"));
  articleId = (
    await createArticle({ groupId, title: "Reading rooms", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: people.ana!.id })
  ).id;
  sessionId = (
    await recordPastSession({
      groupId,
      articleId,
      title: "Part one",
      startedAt: new Date("2026-03-01T18:00:00Z"),
      minutes: 75,
      facilitator: people.ana!,
      people,
      attendees: ["ana", "ben", "carmen", "dev", "eve"],
      steps: demoPastSteps,
    })
  ).sessionId;
});

const asMember = (actor: Actor) => ({ id: actor.id, facilitator: false });

describe("replaying a recorded session", () => {
  it("ends in the state the snapshot gives, for each viewer (their private notes included, no one else's)", async () => {
    for (const viewer of [people.ana!, people.ben!]) {
      const events = await reviewEvents(sessionId, { id: viewer.id, facilitator: viewer.role === "owner" });
      const end = stateAfter(buildTimeline(events), events.length);
      const fromSnapshot = visibleLayer(layerFromSnapshot(await sessionSnapshot(sessionId, { id: viewer.id, role: viewer.role })), [], viewer);
      // The snapshot stamps the room with the log's last number; the replay with the room's own last change.
      expect({ ...visibleItems(end), room: { ...end.layer.room, seq: 0 } }).toEqual({ ...fromSnapshot, room: { ...fromSnapshot.room, seq: 0 } });
      expect(end.status).toBe("ended");
    }
    expect((await reviewEvents(sessionId, asMember(people.ben!))).length).toBe((await reviewEvents(sessionId, asMember(people.ana!))).length + 1);
  });

  it("at every event k, equals the fold of the first k events of the real log", async () => {
    const events = await reviewEvents(sessionId, asMember(people.ben!));
    const timeline = buildTimeline(events, {}, 5);
    for (let k = 0; k <= events.length; k++) {
      const folded = applyEvents(emptyLayer, events.slice(0, k));
      expect(stateAfter(timeline, k).layer.annotations).toEqual(folded.annotations);
      expect(stateAfter(timeline, k).layer.replies).toEqual(folded.replies);
    }
  });

  it("does not replay the words of a comment that a facilitator later hid", async () => {
    const session = { id: sessionId, groupId, status: "ended" as const, text: "" };
    const record = await loadSessionRecord(groupId, sessionId);
    const target = record.annotations.find((annotation) => annotation.body.includes("literacy"))!;
    await applyOperation({ session, actor: people.ana!, clientOpId: "hide-literacy-1", operation: { type: "annotation.hide", annotationId: target.id, hidden: true } });
    const events = await reviewEvents(sessionId, asMember(people.eve!));
    expect(JSON.stringify(events)).not.toContain("literacy");
  });
});

describe("loadSessionRecord", () => {
  it("gathers the facilitator, everyone who took part (silent attendees too) and the shared threads", async () => {
    const record = await loadSessionRecord(groupId, sessionId);
    expect(record.facilitator?.name).toBe("Ana");
    expect(record.participants.map((person) => person.name)).toEqual(["Ana", "Ben", "Carmen", "Dev", "Eve"]);
    expect(record.annotations).toHaveLength(demoPastSteps.filter((step) => "kind" in step && !step.private).length);
    expect(record.annotations.every((annotation) => annotation.visibility === "shared")).toBe(true);
    expect(record.replies).toHaveLength(demoPastSteps.filter((step) => "replyTo" in step).length);
    const starts = record.annotations.map((annotation) => annotation.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(canonicalText(record.blocks).slice(record.annotations[0]!.start, record.annotations[0]!.end)).toBe(record.annotations[0]!.exact);
  });

  it("refuses a session of another group", async () => {
    const other = (await createGroup({ name: "Other", description: "", ownerId: people.eve!.id })).id;
    await expect(loadSessionRecord(other, sessionId)).rejects.toThrow(/not in this group/);
    await expect(sessionInGroup(other, sessionId)).rejects.toThrow(/not in this group/);
  });
});

describe("listArchive", () => {
  it("lists ended sessions newest first with their counts, a page at a time", async () => {
    for (let index = 0; index < 11; index++) {
      await recordPastSession({
        groupId,
        articleId,
        title: `Week ${index}`,
        startedAt: new Date(Date.UTC(2026, 3, 1 + index, 18)),
        minutes: 30,
        facilitator: people.ben!,
        people,
        attendees: ["ben", "dev"],
        steps: index === 10 ? [{ minute: 2, by: "dev", kind: "key_point", quote: "lector" }] : [],
      });
    }
    await scheduleSession({ groupId, articleId, title: "Upcoming", scheduledAt: new Date(Date.UTC(2027, 0, 1)), createdBy: people.ana!.id });
    const first = await listArchive(groupId, 1, 5);
    expect([first.total, first.pages, first.page]).toEqual([12, 3, 1]);
    expect(first.sessions.map((session) => session.title)).toEqual(["Week 10", "Week 9", "Week 8", "Week 7", "Week 6"]);
    expect(first.sessions[0]).toMatchObject({ facilitatorName: "Ben", participants: 2, annotations: 1, replies: 0, messages: 0 });
    const last = await listArchive(groupId, 99, 5);
    expect(last.page).toBe(3);
    expect(last.sessions.map((session) => session.title)).toEqual(["Week 0", "Part one"]);
    const partOne = last.sessions[1]!;
    expect(partOne).toMatchObject({ facilitatorName: "Ana", participants: 5, articleTitle: "Reading rooms" });
    expect(partOne.annotations).toBe((await loadSessionRecord(groupId, sessionId)).annotations.length);
    expect(partOne.replies).toBe((await loadSessionRecord(groupId, sessionId)).replies.length);
  });
});

describe("carrying questions over", () => {
  it("carries the open and parked questions into an upcoming session's agenda once, hidden until revealed", async () => {
    const { carryOverQuestions, openQuestions, upcomingSessions } = await import("./carry-over");
    const open = await openQuestions(sessionId);
    expect(open.map((question) => [question.text, question.reason])).toEqual([
      ["Which of the three habits does our group already have?", "not_reached"],
      ["Should we invite the union's librarian to a session?", "parked"],
    ]);
    const next = await scheduleSession({ groupId, articleId, title: "Part two", scheduledAt: new Date(Date.UTC(2027, 0, 1)), createdBy: people.ana!.id });
    expect((await upcomingSessions(groupId)).map((session) => session.id)).toEqual([next.id]);
    await expect(carryOverQuestions({ groupId, fromSessionId: sessionId, toSessionId: next.id, actor: people.ben! })).rejects.toThrow(/Only facilitators/);
    expect(await carryOverQuestions({ groupId, fromSessionId: sessionId, toSessionId: next.id, actor: people.ana! })).toEqual({ carried: 2 });
    expect(await carryOverQuestions({ groupId, fromSessionId: sessionId, toSessionId: next.id, actor: people.ana! })).toEqual({ carried: 0 });
    const agenda = (await sessionSnapshot(next.id, { id: people.ana!.id, role: "owner" })).questions;
    expect(agenda.map((question) => [question.text, question.place, question.revealedAt])).toEqual([
      ["Which of the three habits does our group already have?", "agenda", null],
      ["Should we invite the union's librarian to a session?", "agenda", null],
    ]);
    expect((await sessionSnapshot(next.id, { id: people.ben!.id, role: "member" })).questions).toEqual([]);
    await expect(carryOverQuestions({ groupId, fromSessionId: sessionId, toSessionId: sessionId, actor: people.ana! })).rejects.toThrow(/has ended/);
  });
});

describe("the session record's questions and thread", () => {
  it("has the questions members saw, with their answers, and the messages", async () => {
    const record = await loadSessionRecord(groupId, sessionId);
    expect(record.questions.map((question) => [question.text.slice(0, 20), question.status, question.answers.length])).toEqual([
      ["Who chose what the r", "answered", 2],
      ["Is reading aloud sti", "answered", 1],
      ["Should we invite the", "parked", 0],
    ]);
    expect(record.messages.length).toBe(demoPastSteps.filter((step) => "message" in step).length);
    expect(record.messages.find((message) => message.replyToId)).toBeDefined();
  });
});
