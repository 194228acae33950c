import { beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../lib/errors";
import { WriteBatch } from "../server/realtime/write-batch";
import { createArticle } from "./articles";
import { db, openFreshTestDatabase, transaction } from "./client";
import { createGroup } from "./groups";
import { appendSessionEvent, operationDigest, sessionEventsAfter } from "./session-events";
import { applyAuthorisedOperation, applyOperation, openOperation } from "./session-operations";
import { findSession, scheduleSession } from "./study-sessions";
import { person } from "./test-people";

let owner = "";
let sessionId = "";

const blocks = [{ id: "b1", type: "paragraph" as const, text: "A meeting is a promise." }];
const everything = { id: "facilitator", facilitator: true };
const payload = { note: "hello" };
const digest = operationDigest(payload);

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  const groupId = (await createGroup({ name: "G", description: "", ownerId: owner })).id;
  const articleId = (await createArticle({ groupId, title: "On Meetings", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: owner }))
    .id;
  sessionId = (await scheduleSession({ groupId, articleId, title: "S", scheduledAt: new Date("2030-05-05T17:00:00Z"), createdBy: owner })).id;
});

/** The session's log as an operation opens it (`openOperation`), for the owner. */
async function openLog(input: { sessionId: string; clientOpId: string; digest: string }) {
  return (await openOperation({ ...input, actorId: owner })).log();
}

/** One operation's path through the log: open it, append under the next number. */
async function logOnce(clientOpId: string, body = payload): Promise<{ seq: number; duplicate: boolean }> {
  const { lastSeq, previous } = await openLog({ sessionId, clientOpId, digest: operationDigest(body) });
  if (previous) return { seq: previous.seq, duplicate: true };
  const event = await appendSessionEvent(db(), { sessionId, clientOpId, actorId: owner, type: "test.note", payload: body, digest: operationDigest(body), seq: lastSeq + 1 });
  return { seq: event.seq, duplicate: false };
}

describe("opening the session's log", () => {
  it("answers the last number, then the event an operation id already made, and a conflict for the same id with other content", async () => {
    expect(await transaction(() => openLog({ sessionId, clientOpId: "op-00000001", digest }))).toEqual({ lastSeq: 0, previous: undefined });
    expect(await transaction(() => logOnce("op-00000001"))).toEqual({ seq: 1, duplicate: false });
    const reopened = await transaction(() => openLog({ sessionId, clientOpId: "op-00000001", digest }));
    expect(reopened).toMatchObject({
      lastSeq: 1,
      previous: { seq: 1, clientOpId: "op-00000001", actorId: owner, type: "test.note", payload, audience: "everyone", privateTo: null },
    });
    expect(reopened.previous?.createdAt).toBeInstanceOf(Date);
    await expect(transaction(() => openLog({ sessionId, clientOpId: "op-00000001", digest: "other" }))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(transaction(() => openLog({ sessionId: "no-such-session", clientOpId: "op-00000001", digest }))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("sees the event of a resend that committed while it waited for the log's lock", async () => {
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = transaction(async () => {
      const outcome = await logOnce("op-00000002");
      locked();
      await released;
      return outcome;
    });
    await lockHeld;
    // The same operation, sent again (another tab, another node) while the first has not committed.
    const resend = transaction(() => logOnce("op-00000002"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect(await first).toEqual({ seq: 1, duplicate: false });
    expect(await resend).toEqual({ seq: 1, duplicate: true });
    expect((await findSession(sessionId))?.lastSeq).toBe(1);
  });
});

describe("appending inside a group-commit batch", () => {
  it("numbers the changes of one session in order within a batch, and the session's last number follows", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, index) => batch.run(() => transaction(() => logOnce(`op-1000000${index}`)), sessionId)));
    expect(outcomes.map((outcome) => outcome.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await sessionEventsAfter(sessionId, 0, everything)).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await findSession(sessionId))?.lastSeq).toBe(5);
  });

  it("refuses an append whose number was already taken, even when nobody waited for its answer, and keeps the rest of the batch", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    await transaction(() => logOnce("op-20000000"));
    const repeat = () =>
      transaction(async () => {
        // A caller that got the number wrong: 1 is taken.
        await appendSessionEvent(db(), { sessionId, clientOpId: "op-20000001", actorId: owner, type: "test.note", payload, digest, seq: 1 });
        return "appended";
      });
    const settled = await Promise.allSettled([batch.run(repeat, sessionId), batch.run(() => transaction(() => logOnce("op-20000002")), sessionId)]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "fulfilled"]);
    expect((settled[1] as PromiseFulfilledResult<{ seq: number }>).value.seq).toBe(2);
    expect((await sessionEventsAfter(sessionId, 0, everything)).map((event) => event.clientOpId)).toEqual(["op-20000000", "op-20000002"]);
    expect((await findSession(sessionId))?.lastSeq).toBe(2);
  });
});

describe("annotations written in a group-commit batch", () => {
  const text = blocks[0]!.text;
  const create = (clientOpId: string, annotationId: string) => () =>
    applyOperation({
      session: { id: sessionId, groupId: "", status: "live", text },
      actor: { id: owner, name: "olga", role: "owner" },
      clientOpId,
      operation: { type: "annotation.create", annotationId, kind: "key_point", visibility: "shared", passage: { start: 0, end: 9, exact: text.slice(0, 9) }, body: "A *note*." },
    });

  it("refuses a taken annotation id as a CONFLICT and keeps the other changes of the batch", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    await batch.run(create("op-30000000", "annotation-1"), sessionId);
    const settled = await Promise.allSettled([
      batch.run(create("op-30000001", "annotation-2"), sessionId),
      batch.run(create("op-30000002", "annotation-1"), sessionId),
      batch.run(create("op-30000003", "annotation-3"), sessionId),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const log = await sessionEventsAfter(sessionId, 0, everything);
    expect(log.map((event) => [event.seq, event.clientOpId])).toEqual([
      [1, "op-30000000"],
      [2, "op-30000001"],
      [3, "op-30000003"],
    ]);
    expect(log.map((event) => (event.payload as { annotation: { seq: number } }).annotation.seq)).toEqual([1, 2, 3]);
    expect((await findSession(sessionId))?.lastSeq).toBe(3);
  });

  it("refuses a taken reply or message id as a CONFLICT in a batch, and keeps the rest", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    const apply = (clientOpId: string, operation: Parameters<typeof applyOperation>[0]["operation"]) => () =>
      applyOperation({ session: { id: sessionId, groupId: "", status: "live", text }, actor: { id: owner, name: "olga", role: "owner" }, clientOpId, operation });
    await batch.run(create("op-50000000", "annotation-1"), sessionId);
    const reply = (replyId: string) => ({ type: "reply.create" as const, replyId, annotationId: "annotation-1", body: "Agreed." });
    const message = (messageId: string) => ({ type: "message.create" as const, messageId, parentId: null, body: "Hello all.", quote: null });
    await Promise.all([batch.run(apply("op-50000001", reply("reply-1")), sessionId), batch.run(apply("op-50000002", message("message-1")), sessionId)]);
    const settled = await Promise.allSettled([
      batch.run(apply("op-50000003", reply("reply-1")), sessionId),
      batch.run(apply("op-50000004", message("message-1")), sessionId),
      batch.run(apply("op-50000005", message("message-2")), sessionId),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(settled.slice(0, 2).map((outcome) => (outcome as PromiseRejectedResult).reason.code)).toEqual(["CONFLICT", "CONFLICT"]);
    expect((await sessionEventsAfter(sessionId, 0, everything)).map((event) => event.clientOpId)).toEqual(["op-50000000", "op-50000001", "op-50000002", "op-50000005"]);
  });

  it("answers a refused sender with their refusal first, whatever the log holds for their operation id", async () => {
    const batch = new WriteBatch({ maxInFlight: 1, maxWaitMs: 4 });
    await batch.run(create("op-40000000", "annotation-1"), sessionId);
    const stranger = await person("sam");
    const refused = batch.run(
      () =>
        applyAuthorisedOperation({
          sessionId,
          actorId: stranger,
          clientOpId: "op-40000000",
          operation: {
            type: "annotation.create",
            annotationId: "annotation-9",
            kind: "key_point",
            visibility: "shared",
            passage: { start: 0, end: 9, exact: text.slice(0, 9) },
            body: "",
          },
          authorise: async () => {
            throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
          },
        }),
      sessionId,
    );
    await expect(refused).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await findSession(sessionId))?.lastSeq).toBe(1);
  });
});
