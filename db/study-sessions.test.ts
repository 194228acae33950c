import { beforeEach, describe, expect, it } from "vitest";
import { createArticle } from "./articles";
import { openFreshTestDatabase, transaction } from "./client";
import { createGroup } from "./groups";
import { appendSessionEvent, operationDigest, previousOutcome, sessionEventsAfter } from "./session-events";
import { changeSessionStatus, findSession, listSessions, scheduleSession } from "./study-sessions";
import { person } from "./test-people";

let owner = "";
let groupId = "";
let articleId = "";

const blocks = [{ id: "b1", type: "paragraph" as const, text: "A meeting is a promise." }];
const opId = (n: number) => `op-${String(n).padStart(8, "0")}`;

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  groupId = (await createGroup({ name: "G", description: "", ownerId: owner })).id;
  articleId = (await createArticle({ groupId, title: "On Meetings", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: owner })).id;
});

async function schedule(title = "First meeting"): Promise<string> {
  return (await scheduleSession({ groupId, articleId, title, scheduledAt: new Date("2030-05-05T17:00:00Z"), createdBy: owner })).id;
}

describe("scheduleSession", () => {
  it("plans a session on the article's latest version", async () => {
    const id = await schedule();
    expect(await findSession(id)).toMatchObject({
      id,
      groupId,
      articleId,
      title: "First meeting",
      status: "planned",
      lastSeq: 0,
      articleTitle: "On Meetings",
      createdByName: "olga",
    });
    expect((await listSessions(groupId)).map((session) => session.id)).toEqual([id]);
  });

  it("refuses an article of another group", async () => {
    const otherGroup = (await createGroup({ name: "H", description: "", ownerId: owner })).id;
    await expect(scheduleSession({ groupId: otherGroup, articleId, title: "x", scheduledAt: new Date(), createdBy: owner })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });
});

/** A facilitator's view of the log: every event that is not someone's private note. */
const everything = { id: "facilitator", facilitator: true };

describe("changeSessionStatus", () => {
  it("goes planned → live → ended, logging each step with the next sequence number", async () => {
    const id = await schedule();
    expect(await changeSessionStatus({ sessionId: id, to: "live", actorId: owner, clientOpId: opId(1) })).toEqual({ seq: 1 });
    expect(await findSession(id)).toMatchObject({ status: "live", lastSeq: 1, startedAt: expect.any(Date), endedAt: null });
    expect(await changeSessionStatus({ sessionId: id, to: "ended", actorId: owner, clientOpId: opId(2) })).toEqual({ seq: 2 });
    expect(await findSession(id)).toMatchObject({ status: "ended", lastSeq: 2, endedAt: expect.any(Date) });
    expect((await sessionEventsAfter(id, 0, everything)).map((event) => [event.seq, event.type, event.payload])).toEqual([
      [1, "session.status", { status: "live" }],
      [2, "session.status", { status: "ended" }],
    ]);
  });

  it.each([
    ["planned", "ended", []],
    ["planned", "planned", []],
    ["live", "planned", ["live"]],
    ["live", "live", ["live"]],
    ["ended", "live", ["live", "ended"]],
    ["ended", "planned", ["live", "ended"]],
  ] as const)("refuses %s → %s and logs nothing", async (from, to, before) => {
    const id = await schedule();
    for (const [index, status] of before.entries()) await changeSessionStatus({ sessionId: id, to: status, actorId: owner, clientOpId: opId(index + 1) });
    const code = from === "ended" ? "SESSION_ENDED" : "INVALID_STATUS_CHANGE";
    await expect(changeSessionStatus({ sessionId: id, to, actorId: owner, clientOpId: opId(9) })).rejects.toThrow(expect.objectContaining({ code }));
    expect((await findSession(id))?.lastSeq).toBe(before.length);
    expect(await sessionEventsAfter(id, 0, everything)).toHaveLength(before.length);
  });

  it("refuses a session that does not exist", async () => {
    await expect(changeSessionStatus({ sessionId: "nope", to: "live", actorId: owner, clientOpId: opId(1) })).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});

describe("the session event log", () => {
  const append = (sessionId: string, clientOpId: string, payload: unknown, actorId = owner) =>
    transaction(async (tx) => {
      const digest = operationDigest(payload);
      const previous = await previousOutcome(tx, { sessionId, clientOpId, actorId, digest });
      if (previous) return { event: previous, duplicate: true };
      return { event: await appendSessionEvent(tx, { sessionId, clientOpId, actorId, type: "test.note", payload, digest }), duplicate: false };
    });

  it("numbers events 1, 2, 3 … separately in each session", async () => {
    const first = await schedule("one");
    const second = await schedule("two");
    expect((await append(first, opId(1), { n: 1 })).event.seq).toBe(1);
    expect((await append(first, opId(2), { n: 2 })).event.seq).toBe(2);
    expect((await append(second, opId(1), { n: 1 })).event.seq).toBe(1);
    expect((await append(first, opId(3), { n: 3 })).event.seq).toBe(3);
    expect((await sessionEventsAfter(first, 1, everything)).map((event) => event.seq)).toEqual([2, 3]);
    expect((await sessionEventsAfter(second, 0, everything)).map((event) => event.payload)).toEqual([{ n: 1 }]);
  });

  it("answers a resent operation with the original event and appends nothing", async () => {
    const id = await schedule();
    const original = await append(id, opId(1), { n: 1 });
    const resent = await append(id, opId(1), { n: 1 });
    expect(original.duplicate).toBe(false);
    expect(resent).toEqual({ event: original.event, duplicate: true });
    expect(await sessionEventsAfter(id, 0, everything)).toHaveLength(1);
    expect((await findSession(id))?.lastSeq).toBe(1);
  });

  it("refuses the same operation id with a different payload or sender as a CONFLICT", async () => {
    const id = await schedule();
    await append(id, opId(1), { n: 1 });
    await expect(append(id, opId(1), { n: 2 })).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    await expect(append(id, opId(1), { n: 1 }, await person("mallory"))).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(await sessionEventsAfter(id, 0, everything)).toHaveLength(1);
  });

  it("a resent status change is answered with its original sequence number and applied once", async () => {
    const id = await schedule();
    expect(await changeSessionStatus({ sessionId: id, to: "live", actorId: owner, clientOpId: opId(1) })).toEqual({ seq: 1 });
    expect(await changeSessionStatus({ sessionId: id, to: "live", actorId: owner, clientOpId: opId(1) })).toEqual({ seq: 1 });
    expect(await findSession(id)).toMatchObject({ status: "live", lastSeq: 1 });
    expect(await sessionEventsAfter(id, 0, everything)).toHaveLength(1);
  });

  it("reusing an operation id for another status change is a CONFLICT and changes nothing", async () => {
    const id = await schedule();
    await changeSessionStatus({ sessionId: id, to: "live", actorId: owner, clientOpId: opId(1) });
    await expect(changeSessionStatus({ sessionId: id, to: "ended", actorId: owner, clientOpId: opId(1) })).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(await findSession(id)).toMatchObject({ status: "live", lastSeq: 1 });
  });

  it("refuses an event for a session that does not exist", async () => {
    await expect(append("nope", opId(1), {})).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });
});
