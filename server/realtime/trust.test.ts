import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openFreshTestDatabase } from "../../db/client";
import { changeRole, removeMember } from "../../db/groups";
import { changeSessionStatus } from "../../db/study-sessions";
import { person } from "../../db/test-people";
import { PROTOCOL_VERSION, type AccessChanged, type Ack, type OperationApplied, type PresenceChanges, type SessionEventMessage, type SessionJoined } from "../../lib/protocol";
import { personOf } from "../../lib/presence/wire";
import { startRedis, type RedisService } from "../../scripts/services/redis";
import { log } from "../log";
import { connectRedis, type RedisLink } from "../redis";
import { cookieFor, nextMessage, openSocket, send, sessionInNewGroup, signedInSocket, startLiveNode, type LiveNode } from "./live-test-kit";
import { changeRoleLive, evictFromGroup } from "./session-handlers";
import { facilitatorsRoom } from "./types";
import { sessionWrites } from "./write-batch";

/**
 * What a removal, a demotion or a retraction says takes effect at once on live sockets, and
 * every message gets an answer (issue 11, items 1–3 and 10–12), against a real live server
 * with real socket.io-client connections.
 */
let node: LiveNode;
const sockets: Socket[] = [];

let owner = "";
let member = "";
let facilitator = "";
let groupId = "";
let sessionId = "";

beforeAll(async () => {
  node = await startLiveNode();
});

afterAll(async () => {
  await node.close();
});

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  member = await person("mia");
  facilitator = await person("fay");
  ({ groupId, sessionId } = await sessionInNewGroup(owner, [
    [member, "member"],
    [facilitator, "facilitator"],
  ]));
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const socket of sockets.splice(0)) socket.disconnect();
});

let ops = 0;
const opId = () => `trust-op-${String(++ops).padStart(6, "0")}`;

async function joined(userId: string, afterSeq?: number): Promise<{ socket: Socket; reply: Ack<SessionJoined> }> {
  const socket = await signedInSocket(node.url, userId);
  sockets.push(socket);
  const reply = await send<SessionJoined>(socket, "session:join", { sessionId, ...(afterSeq === undefined ? {} : { afterSeq }) });
  expect(reply.ok).toBe(true);
  return { socket, reply };
}

function operate(socket: Socket, operation: unknown, clientOpId = opId()): Promise<Ack<OperationApplied>> {
  return send<OperationApplied>(socket, "session:operation", { sessionId, clientOpId, operation });
}

const highlight = (annotationId: string, body = "") => ({
  type: "annotation.create",
  annotationId,
  kind: "key_point",
  visibility: "shared",
  passage: { start: 0, end: 4, exact: "Text" },
  body,
});

const agendaQuestion = (questionId: string, text = "Secret agenda question?") => ({
  type: "question.create",
  questionId,
  text,
  passage: null,
  timeBoxMinutes: null,
  answerFirst: false,
});

async function goLive(): Promise<void> {
  await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: opId() });
}

describe("1. a member removed from the group", () => {
  it("is told why and loses every room of the group as the removal is made; nothing reaches them afterwards", async () => {
    const { socket: olga } = await joined(owner);
    const { socket: mia } = await joined(member);
    const told = nextMessage<AccessChanged>(mia, "access:changed");
    const closed = new Promise<string>((resolve) => mia.once("disconnect", resolve));
    await removeMember(groupId, member);
    await evictFromGroup(node.io, groupId, member);
    const left = (await node.io.fetchSockets()).filter((socket) => socket.data.userId === member);
    expect(left).toEqual([]);
    expect(await told).toEqual({ groupId, role: null });
    expect(await closed).toBe("io server disconnect");
    const heard = nextMessage(mia, "session:event", 300);
    expect(await operate(olga, highlight("after-removal", "not for mia"))).toMatchObject({ ok: true });
    expect(await heard).toBeUndefined();
  });

  it("cannot send presence or typing, nor join again", async () => {
    const { socket: mia } = await joined(member);
    await removeMember(groupId, member);
    await evictFromGroup(node.io, groupId, member);
    const again = await signedInSocket(node.url, member);
    sockets.push(again);
    expect(await send(again, "presence:typing", { sessionId, typing: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await send(again, "session:join", { sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(mia.connected).toBe(false);
  });
});

describe("2. a facilitator demoted to member", () => {
  it("leaves the facilitators' room at once: unrevealed questions stop reaching them, and presence shows the new role", async () => {
    const { socket: olga } = await joined(owner);
    const { socket: fay } = await joined(facilitator);
    const told = nextMessage<AccessChanged>(fay, "access:changed");
    const presence = nextMessage<PresenceChanges>(olga, "presence", undefined, (message) =>
      (message.joined ?? []).some((entry) => typeof entry !== "number" && personOf(entry)?.userId === facilitator && personOf(entry)?.role === "member"),
    );
    await changeRole(groupId, facilitator, "member");
    changeRoleLive(node.io, { groupId, userId: facilitator, role: "member" });
    expect(await told).toEqual({ groupId, role: "member" });
    expect(await presence).toBeDefined();
    const socketsInRoom = await node.io.in(facilitatorsRoom(sessionId)).fetchSockets();
    expect(socketsInRoom.map((socket) => socket.data.userId)).toEqual([owner]);
    const heard = nextMessage(fay, "session:event", 300);
    expect(await operate(olga, agendaQuestion("q-hidden"))).toMatchObject({ ok: true });
    expect(await heard).toBeUndefined();
  });

  it("does not get the facilitators' room back by joining again", async () => {
    const { socket: olga } = await joined(owner);
    const { socket: fay } = await joined(facilitator);
    await changeRole(groupId, facilitator, "member");
    // Even without the live push, the next join follows the role in the database.
    expect(await send(fay, "session:join", { sessionId })).toMatchObject({ ok: true });
    const heard = nextMessage(fay, "session:event", 300);
    expect(await operate(olga, agendaQuestion("q-hidden-2"))).toMatchObject({ ok: true });
    expect(await heard).toBeUndefined();
  });

  it("a promoted member joins the facilitators' room at once", async () => {
    const { socket: olga } = await joined(owner);
    const { socket: mia } = await joined(member);
    await changeRole(groupId, member, "facilitator");
    changeRoleLive(node.io, { groupId, userId: member, role: "facilitator" });
    const heard = nextMessage<SessionEventMessage>(mia, "session:event");
    expect(await operate(olga, agendaQuestion("q-for-fay-and-mia"))).toMatchObject({ ok: true });
    expect((await heard)?.event.question?.id).toBe("q-for-fay-and-mia");
  });
});

describe("3. catch-up", () => {
  it("sends items as they are now: words hidden, deleted or edited since never leave the server again", async () => {
    const { socket: olga } = await joined(owner);
    await operate(olga, highlight("a-hidden", "hidden words"));
    await operate(olga, highlight("a-deleted", "deleted words"));
    await operate(olga, highlight("a-edited", "first words"));
    await operate(olga, { type: "reply.create", replyId: "r-deleted", annotationId: "a-edited", body: "reply words" });
    await operate(olga, { type: "message.create", messageId: "m-deleted", parentId: null, body: "thread words", quote: null });
    await operate(olga, { type: "annotation.hide", annotationId: "a-hidden", hidden: true });
    await operate(olga, { type: "annotation.delete", annotationId: "a-deleted" });
    await operate(olga, { type: "annotation.update", annotationId: "a-edited", kind: "key_point", body: "second words" });
    await operate(olga, { type: "reply.delete", replyId: "r-deleted" });
    await operate(olga, { type: "message.delete", messageId: "m-deleted" });
    const { reply } = await joined(member, 0);
    const text = JSON.stringify(reply);
    for (const retracted of ["hidden words", "deleted words", "first words", "reply words", "thread words"]) expect(text).not.toContain(retracted);
    expect(text).toContain("second words");
    expect(reply.ok && reply.data.catchUp.kind).toBe("events");
  });
});

describe("10. a resend", () => {
  it("is answered with the item as it is now: a create resent after a deletion brings back nothing", async () => {
    const { socket: olga } = await joined(owner);
    const clientOpId = opId();
    const first = await operate(olga, highlight("a-gone", "words"), clientOpId);
    expect(first).toMatchObject({ ok: true, data: { event: { annotation: { deleted: false, body: "words" } } } });
    await operate(olga, { type: "annotation.delete", annotationId: "a-gone" });
    const resent = await operate(olga, highlight("a-gone", "words"), clientOpId);
    expect(resent).toMatchObject({ ok: true, data: { seq: 1, event: { seq: 1, annotation: { id: "a-gone", deleted: true, body: "" } } } });
  });

  it("of an edited item carries the edit", async () => {
    const { socket: olga } = await joined(owner);
    const clientOpId = opId();
    await operate(olga, { type: "message.create", messageId: "m1", parentId: null, body: "first", quote: null }, clientOpId);
    await operate(olga, { type: "message.update", messageId: "m1", body: "second" });
    const resent = await operate(olga, { type: "message.create", messageId: "m1", parentId: null, body: "first", quote: null }, clientOpId);
    expect(resent).toMatchObject({ ok: true, data: { event: { message: { body: "second", seq: 2 } } } });
  });
});

describe("11. errors and versions", () => {
  it("an INTERNAL error carries an id that is in the log line with the user, session and operation", async () => {
    const { socket: olga } = await joined(owner);
    vi.spyOn(sessionWrites, "run").mockRejectedValueOnce(new Error("disk on fire"));
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const reply = await operate(olga, highlight("a-boom"));
    expect(reply).toMatchObject({ ok: false, error: { code: "INTERNAL", details: { errorId: expect.any(String) } } });
    const errorId = !reply.ok && reply.error.details?.errorId;
    expect(!reply.ok && reply.error.message).toContain(String(errorId));
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ errorId, userId: owner, sessionId, operation: "annotation.create", message: "session:operation" }),
      expect.any(String),
    );
  });

  it.each([
    ["too old", 0],
    ["1 (presence as whole lists)", 1],
    ["2 (presence by user id)", 2],
    ["none (a page from before the handshake)", undefined],
    ["too new", PROTOCOL_VERSION + 1],
    ["not a number", "one"],
  ])("refuses a client whose protocol version is %s with CLIENT_OUTDATED", async (_label, protocolVersion) => {
    const { socket, error } = await openSocket(node.url, { cookie: await cookieFor(owner), auth: { protocolVersion } });
    sockets.push(socket);
    expect(error?.data).toMatchObject({ code: "CLIENT_OUTDATED", message: expect.stringMatching(/[Rr]eload/) });
  });

  it("accepts a client of the current version", async () => {
    const { socket, error } = await openSocket(node.url, { cookie: await cookieFor(owner), auth: { protocolVersion: PROTOCOL_VERSION } });
    sockets.push(socket);
    expect(error).toBeUndefined();
  });

  it("answers an unknown message with UNKNOWN_MESSAGE, and one without an acknowledgement with a refusal", async () => {
    const socket = await signedInSocket(node.url, member);
    sockets.push(socket);
    expect(await send(socket, "admin:dropTables", {})).toMatchObject({ ok: false, error: { code: "UNKNOWN_MESSAGE" } });
    const refusal = nextMessage(socket, "refused");
    socket.emit("admin:dropTables", {});
    expect(await refusal).toMatchObject({ event: "admin:dropTables", error: { code: "UNKNOWN_MESSAGE" } });
    const noAck = nextMessage(socket, "refused");
    socket.emit("session:join", { sessionId });
    expect(await noAck).toMatchObject({ event: "session:join", error: { code: "BAD_REQUEST" } });
  });
});

describe("12. small ones found by fuzzing", () => {
  it("a reply of a deleted annotation can no longer be edited", async () => {
    const { socket: olga } = await joined(owner);
    await operate(olga, highlight("a1"));
    await operate(olga, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "reply" });
    await operate(olga, { type: "annotation.delete", annotationId: "a1" });
    expect(await operate(olga, { type: "reply.update", replyId: "r1", body: "changed" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", message: "That annotation was deleted." },
    });
  });

  it("editing your own deleted annotation says it was deleted", async () => {
    const { socket: olga } = await joined(owner);
    await operate(olga, highlight("a1"));
    await operate(olga, { type: "annotation.delete", annotationId: "a1" });
    expect(await operate(olga, { type: "annotation.update", annotationId: "a1", kind: "question", body: "x" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", message: "That annotation was deleted." },
    });
  });

  it("hiding a deleted annotation is refused and logs nothing", async () => {
    const { socket: olga } = await joined(owner);
    await operate(olga, highlight("a1"));
    await operate(olga, { type: "annotation.delete", annotationId: "a1" });
    expect(await operate(olga, { type: "annotation.hide", annotationId: "a1", hidden: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await operate(olga, highlight("a2"))).toMatchObject({ ok: true, data: { seq: 3 } });
  });

  it("question.reorder refuses a repeated id", async () => {
    const { socket: olga } = await joined(owner);
    await operate(olga, agendaQuestion("q1", "One?"));
    await operate(olga, agendaQuestion("q2", "Two?"));
    expect(await operate(olga, { type: "question.reorder", questionIds: ["q1", "q1"] })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await operate(olga, { type: "question.reorder", questionIds: ["q2", "q1"] })).toMatchObject({ ok: true, data: { seq: 3 } });
  });

  it("poll.close of an unknown poll is NOT_FOUND and uses no sequence number; of a closed one, CONFLICT", async () => {
    const { socket: olga } = await joined(owner);
    await goLive();
    expect(await operate(olga, { type: "poll.close", pollId: "no-such-poll" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await operate(olga, { type: "poll.open", pollId: "p1", passage: { start: 0, end: 4, exact: "Text" } })).toMatchObject({ ok: true, data: { seq: 2 } });
    expect(await operate(olga, { type: "poll.close", pollId: "p1" })).toMatchObject({ ok: true, data: { seq: 3 } });
    expect(await operate(olga, { type: "poll.close", pollId: "p1" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("actions on an ended session say SESSION_ENDED, on a planned one SESSION_NOT_LIVE", async () => {
    const { socket: olga } = await joined(owner);
    expect(await operate(olga, { type: "hand.raise" })).toMatchObject({ ok: false, error: { code: "SESSION_NOT_LIVE" } });
    await goLive();
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: opId() });
    expect(await operate(olga, { type: "hand.raise" })).toMatchObject({ ok: false, error: { code: "SESSION_ENDED" } });
    expect(await operate(olga, { type: "question.reveal", questionId: "q1" })).toMatchObject({ ok: false, error: { code: "SESSION_ENDED" } });
    expect(await send(olga, "session:setStatus", { sessionId, status: "live", clientOpId: opId() })).toMatchObject({ ok: false, error: { code: "SESSION_ENDED" } });
    expect(await send(olga, "session:setStatus", { sessionId, status: "ended", clientOpId: opId() })).toMatchObject({ ok: false, error: { code: "SESSION_ENDED" } });
  });
});

describe("1/2 across nodes", () => {
  let redis: RedisService;
  const links: RedisLink[] = [];
  let first: LiveNode;
  let second: LiveNode;

  beforeAll(async () => {
    redis = await startRedis();
    links.push(connectRedis(redis.url), connectRedis(redis.url));
    [first, second] = await Promise.all([startLiveNode(links[0]), startLiveNode(links[1])]);
  }, 30_000);

  afterAll(async () => {
    await Promise.allSettled([first?.close(), second?.close()]);
    await Promise.allSettled(links.map((link) => link.close()));
    await redis?.stop();
  });

  async function joinedOn(live: LiveNode, userId: string): Promise<Socket> {
    const socket = await signedInSocket(live.url, userId);
    sockets.push(socket);
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
    return socket;
  }

  it("a demotion made on one node takes the facilitator out of the facilitators' room on the other", async () => {
    const olga = await joinedOn(first, owner);
    const fay = await joinedOn(second, facilitator);
    const before = nextMessage<SessionEventMessage>(fay, "session:event");
    expect(await operate(olga, agendaQuestion("q-before"))).toMatchObject({ ok: true });
    expect((await before)?.event.question?.id).toBe("q-before");
    const told = nextMessage<AccessChanged>(fay, "access:changed");
    await changeRole(groupId, facilitator, "member");
    changeRoleLive(first.io, { groupId, userId: facilitator, role: "member" });
    expect(await told).toEqual({ groupId, role: "member" });
    const heard = nextMessage(fay, "session:event", 300);
    expect(await operate(olga, agendaQuestion("q-cluster"))).toMatchObject({ ok: true });
    expect(await heard).toBeUndefined();
  });

  it("a removal made on one node closes the member's socket on the other, saying why", async () => {
    await joinedOn(first, owner);
    const mia = await joinedOn(second, member);
    const told = nextMessage<AccessChanged>(mia, "access:changed");
    const closed = new Promise<string>((resolve) => mia.once("disconnect", resolve));
    await removeMember(groupId, member);
    await evictFromGroup(first.io, groupId, member);
    expect(await told).toEqual({ groupId, role: null });
    expect(await closed).toBe("io server disconnect");
  });
});
