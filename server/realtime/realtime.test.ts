import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createArticle } from "../../db/articles";
import { eq } from "drizzle-orm";
import { db, openFreshTestDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { addMember, createGroup, removeMember } from "../../db/groups";
import { findSession, scheduleSession } from "../../db/study-sessions";
import { person } from "../../db/test-people";
import { endAuthSession } from "../../db/auth-sessions";
import { sessionCookieFor, signedInCookie } from "../accounts/test-cookie";
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION, SOCKET_PATH, type Ack } from "../../lib/protocol";
import { membersOf } from "../../lib/presence/changes";
import { PresenceReader, wireId } from "../../lib/presence/wire";
import { closeAuthSessions } from "./authenticate";
import { attachRealtime, closeEndedSessions } from "./index";
import { watchPresence } from "./test-presence";
import type { LiveServer } from "./types";

/**
 * The live server as a browser meets it: a real HTTP server with Socket.IO attached, real
 * socket.io-client connections carrying next-auth session cookies, an in-memory database.
 */
const secret = "realtime-test-secret-that-is-long-enough-0123456789";
let httpServer: HttpServer;
let io: LiveServer;
let url = "";
const sockets: Socket[] = [];

let owner = "";
let member = "";
let stranger = "";
let sessionId = "";
let otherSessionId = "";

beforeAll(async () => {
  httpServer = createServer();
  io = attachRealtime(httpServer, { authSecret: secret, allowedOrigins: ["http://circle.test"] });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => void io.close(() => resolve()));
});

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  member = await person("mia");
  stranger = await person("sam");
  sessionId = await sessionInNewGroup(owner, [[member, "member"]]);
  otherSessionId = await sessionInNewGroup(stranger, []);
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

async function sessionInNewGroup(ownerId: string, members: [string, "member" | "facilitator"][]): Promise<string> {
  const groupId = (await createGroup({ name: "G", description: "", ownerId })).id;
  for (const [userId, role] of members) await addMember(groupId, userId, role);
  const blocks = [{ id: "b1", type: "paragraph" as const, text: "Text." }];
  const articleId = (await createArticle({ groupId, title: "A", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: ownerId })).id;
  return (await scheduleSession({ groupId, articleId, title: "S", scheduledAt: new Date(), createdBy: ownerId })).id;
}

async function cookieFor(userId: string): Promise<string> {
  return sessionCookieFor(userId, secret);
}

type Options = { cookie?: string; origin?: string; transport?: "websocket" | "polling" };

/** Opens a socket the way the page does; resolves once connected or refused. */
async function open({ cookie, origin = "http://circle.test", transport = "websocket" }: Options): Promise<{ socket: Socket; error?: Error & { data?: { code: string } } }> {
  const socket = connect(url, {
    path: SOCKET_PATH,
    transports: [transport],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { ...(cookie ? { cookie } : {}), origin },
  });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

async function signedIn(userId: string): Promise<Socket> {
  const { socket, error } = await open({ cookie: await cookieFor(userId) });
  if (error) throw error;
  return socket;
}

function send<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(3000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** What a socket knows of who is in the test's session. */
const presenceOf = (socket: Socket) => watchPresence(socket, sessionId);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = (members: { displayName: string }[]) => members.map((m) => m.displayName);

describe("the handshake", () => {
  it("refuses a socket without a session cookie", async () => {
    const { error } = await open({});
    expect(error?.data?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a forged or tampered session cookie", async () => {
    for (const cookie of ["next-auth.session-token=forged", `${await cookieFor(owner)}x`]) {
      const { error } = await open({ cookie });
      expect(error?.data?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("refuses a cookie signed with another secret", async () => {
    const token = await encode({ token: { sub: owner }, secret: "another-secret-that-is-also-long-enough-000" });
    const { error } = await open({ cookie: `next-auth.session-token=${token}` });
    expect(error?.data?.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a well-signed cookie whose server-side session was ended, or that names none", async () => {
    const { cookie, sessionId: authSessionId } = await signedInCookie(owner, secret);
    expect((await open({ cookie })).error).toBeUndefined();
    await endAuthSession(authSessionId);
    expect((await open({ cookie })).error?.data?.code).toBe("UNAUTHENTICATED");
    // A cookie from before sessions were kept server-side cannot be ended, so it no longer counts.
    const legacy = await encode({ token: { sub: owner, name: owner }, secret });
    expect((await open({ cookie: `next-auth.session-token=${legacy}` })).error?.data?.code).toBe("UNAUTHENTICATED");
  });

  it("closes a session's open sockets when it is ended, and leaves the account's other sessions connected", async () => {
    const ended = await signedInCookie(owner, secret);
    const { socket } = await open({ cookie: ended.cookie });
    const other = await signedIn(owner);
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await endAuthSession(ended.sessionId);
    closeAuthSessions(io, [ended.sessionId]);
    expect(await closed).toBe("io server disconnect");
    expect(other.connected).toBe(true);
  });

  it("a node's sweep closes sockets whose session was ended without telling it", async () => {
    const ended = await signedInCookie(owner, secret);
    const { socket } = await open({ cookie: ended.cookie });
    const other = await signedIn(owner);
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await endAuthSession(ended.sessionId);
    await closeEndedSessions(io);
    expect(await closed).toBe("io server disconnect");
    expect(other.connected).toBe(true);
  });

  it("refuses a cookie of an account that no longer exists", async () => {
    const gone = await person("gone");
    const cookie = await cookieFor(gone);
    await db().delete(users).where(eq(users.id, gone));
    const { error } = await open({ cookie });
    expect(error?.data?.code).toBe("UNAUTHENTICATED");
  });

  it.each(["websocket", "polling"] as const)("refuses a foreign Origin over %s, even with a valid cookie", async (transport) => {
    const { socket, error } = await open({ cookie: await cookieFor(owner), origin: "https://evil.example", transport });
    expect(error).toBeDefined();
    expect(socket.connected).toBe(false);
  });

  it("greets an accepted socket with the protocol version", async () => {
    const socket = connect(url, {
      path: SOCKET_PATH,
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { cookie: await cookieFor(owner), origin: "http://circle.test" },
    });
    sockets.push(socket);
    await expect(new Promise((resolve) => socket.once("hello", resolve))).resolves.toEqual({ protocolVersion: PROTOCOL_VERSION, userId: owner });
  });
});

describe("session:join", () => {
  it("lets members in and shows each to the other; a leaver disappears", async () => {
    const olga = await signedIn(owner);
    const olgaSees = presenceOf(olga);
    expect(await olgaSees.join()).toMatchObject({
      ok: true,
      data: { sessionId, presence: { joined: [0, [`${wireId(owner)} olga`, "owner"]] }, catchUp: { kind: "snapshot" } },
    });
    const mia = await signedIn(member);
    const miaSees = presenceOf(mia);
    const joined = await miaSees.join();
    // The joiner's list is the room's as last sent: it may not hold the joiner yet, and then the next message adds them.
    expect(joined.ok && names(membersOf(new PresenceReader().reset(joined.data.presence))).filter((name) => name !== "mia")).toEqual(["olga"]);
    expect(names(await miaSees.until((members) => members.length === 2))).toEqual(["mia", "olga"]);
    expect(names(await olgaSees.until((members) => members.length === 2))).toEqual(["mia", "olga"]);
    mia.disconnect();
    expect(names(await olgaSees.until((members) => members.length === 1))).toEqual(["olga"]);
  });

  it("counts one person with two tabs once, until both are closed", async () => {
    const olga = await signedIn(owner);
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    const tab1 = await signedIn(member);
    const tab2 = await signedIn(member);
    await presenceOf(tab1).join();
    await presenceOf(tab2).join();
    await olgaSees.until((members) => members.length === 2);
    tab1.disconnect();
    await sleep(1500);
    expect(olgaSees.names()).toEqual(["mia", "olga"]);
    tab2.disconnect();
    expect(names(await olgaSees.until((members) => members.length === 1))).toEqual(["olga"]);
  });

  it("answers NOT_FOUND for a session of another group, or one that does not exist, and joins no room", async () => {
    const mia = await signedIn(member);
    expect(await send(mia, "session:join", { sessionId: otherSessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await send(mia, "session:join", { sessionId: "no-such-session" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const rooms = (await io.fetchSockets()).flatMap((socket) => [...socket.rooms]);
    expect(rooms.filter((room) => room.startsWith("session:"))).toEqual([]);
    expect(mia.connected).toBe(true);
  });

  it("session:leave takes the member out of the room", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    await presenceOf(mia).join();
    await olgaSees.until((members) => members.length === 2);
    expect(await send(mia, "session:leave", { sessionId })).toEqual({ ok: true, data: null });
    expect(names(await olgaSees.until((members) => members.length === 1))).toEqual(["olga"]);
  });
});

describe("presence", () => {
  it("shows where a member reads and that they type, as small changes", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    await presenceOf(mia).join();
    await olgaSees.until((members) => members.length === 2);
    expect(await send(mia, "presence:reading", { sessionId, blockId: "b1" })).toEqual({ ok: true, data: null });
    await olgaSees.until((members) => members.some((each) => each.userId === member && each.blockId === "b1"));
    // After her first mention, Mia goes by her number in the room.
    const miaNumber = olgaSees.numberOf(member)!;
    expect(olgaSees.messages.at(-1)).toEqual({ sessionId, moved: { [miaNumber]: "b1" } });
    expect(await send(mia, "presence:typing", { sessionId, typing: true })).toEqual({ ok: true, data: null });
    await olgaSees.until((members) => members.some((each) => each.userId === member && each.typing));
    expect(olgaSees.messages.at(-1)).toEqual({ sessionId, typing: [miaNumber] });
    // Presence is never logged: the session's event log did not move.
    expect((await findSession(sessionId))?.lastSeq).toBe(0);
  });

  it("sends a room at most about one message a second, with only the last position of each member", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    await presenceOf(mia).join();
    await olgaSees.until((members) => members.length === 2);
    await sleep(1100);
    const before = olgaSees.messages.length;
    const started = Date.now();
    for (let n = 1; n <= 20; n += 1) await send(mia, "presence:reading", { sessionId, blockId: `b${n}` });
    await olgaSees.until((members) => members.some((each) => each.userId === member && each.blockId === "b20"));
    await sleep(1100);
    const seconds = (Date.now() - started) / 1000;
    const sent = olgaSees.messages.slice(before);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    // Each message names Mia once, at her latest paragraph then; the positions only move forward.
    const positions = sent.map((message) => Number(message.moved?.[olgaSees.numberOf(member)!]?.slice(1)));
    expect(positions.at(-1)).toBe(20);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("refuses reading and typing before joining, and takes out a member whose role was taken away", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    expect(await send(mia, "presence:reading", { sessionId, blockId: "b1" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await send(mia, "presence:typing", { sessionId, typing: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    await presenceOf(mia).join();
    await olgaSees.until((members) => members.length === 2);
    // What the removal of a member does to their live sockets (their roles cleared): the next presence message takes them out.
    const [miaSocket] = (await io.fetchSockets()).filter((socket) => socket.data.userId === member);
    miaSocket!.data.roles = {};
    expect(await send(mia, "presence:reading", { sessionId, blockId: "b1" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(names(await olgaSees.until((members) => members.length === 1))).toEqual(["olga"]);
  });
});

describe("presence follows the sockets' current roles", () => {
  it("takes out a member whose role was taken away without a word from them, and shows a changed role", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    const olgaSees = presenceOf(olga);
    await olgaSees.join();
    await presenceOf(mia).join();
    await olgaSees.until((members) => members.length === 2);
    const [miaSocket] = (await io.fetchSockets()).filter((socket) => socket.data.userId === member);
    miaSocket!.data.roles = { [sessionId]: "facilitator" };
    await olgaSees.until((members) => members.some((each) => each.userId === member && each.role === "facilitator"));
    miaSocket!.data.roles = {};
    expect(names(await olgaSees.until((members) => members.length === 1))).toEqual(["olga"]);
    expect(mia.connected).toBe(true);
  });
});

describe("bad messages", () => {
  it.each([
    ["no payload", undefined],
    ["a string", "session"],
    ["a missing id", {}],
    ["an extra field", { sessionId: "x", room: "session:other" }],
    ["a wrong type", { sessionId: 7 }],
  ])("answers BAD_REQUEST to %s and stays connected", async (_name, payload) => {
    const socket = await signedIn(member);
    const reply = await send(socket, "session:join", payload);
    expect(reply).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/malformed/) } });
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
  });

  it("ignores an unknown event and a message without an ack, and stays connected", async () => {
    const socket = await signedIn(member);
    socket.emit("admin:dropTables", {});
    socket.emit("session:join", { sessionId });
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
  });

  it("disconnects a socket that sends more than the size limit; the server keeps serving others", async () => {
    const socket = await signedIn(member);
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    socket.emit("session:join", { sessionId: "x".repeat(MAX_MESSAGE_BYTES + 1) }, () => undefined);
    expect(await closed).toMatch(/transport/);
    const other = await signedIn(owner);
    expect(await send(other, "session:join", { sessionId })).toMatchObject({ ok: true });
  });

  it("answers RATE_LIMITED to a flood, counted per person across tabs", async () => {
    const tab1 = await signedIn(stranger);
    const tab2 = await signedIn(stranger);
    const replies = await Promise.all(Array.from({ length: 61 }, (_, n) => send(n % 2 ? tab1 : tab2, "session:leave", { sessionId: otherSessionId })));
    expect(replies.filter((reply) => reply.ok)).toHaveLength(60);
    expect(replies.filter((reply) => !reply.ok)).toEqual([{ ok: false, error: expect.objectContaining({ code: "RATE_LIMITED" }) }]);
  });
});

describe("session:setStatus", () => {
  const op = (n: number) => `op-${String(n).padStart(8, "0")}`;

  it("a member may not start the session", async () => {
    const mia = await signedIn(member);
    expect(await send(mia, "session:setStatus", { sessionId, status: "live", clientOpId: op(1) })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect((await findSession(sessionId))?.status).toBe("planned");
  });

  it("the owner starts and ends it; everyone in the room hears of it; a resend gets the same answer", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    await send(mia, "session:join", { sessionId });
    const heard = new Promise((resolve) => mia.once("session:status", resolve));
    expect(await send(olga, "session:setStatus", { sessionId, status: "live", clientOpId: op(1) })).toEqual({ ok: true, data: { seq: 1 } });
    expect(await heard).toEqual({ sessionId, seq: 1, status: "live" });
    expect(await send(olga, "session:setStatus", { sessionId, status: "live", clientOpId: op(1) })).toEqual({ ok: true, data: { seq: 1 } });
    expect(await send(olga, "session:setStatus", { sessionId, status: "live", clientOpId: op(2) })).toMatchObject({ ok: false, error: { code: "INVALID_STATUS_CHANGE" } });
    expect(await send(olga, "session:setStatus", { sessionId, status: "ended", clientOpId: op(3) })).toEqual({ ok: true, data: { seq: 2 } });
  });

  it("checks membership on every message: a member removed a moment ago is refused", async () => {
    const groupId = (await findSession(sessionId))!.groupId;
    await addMember(groupId, stranger, "facilitator");
    const socket = await signedIn(stranger);
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: true });
    await removeMember(groupId, stranger);
    expect(await send(socket, "session:setStatus", { sessionId, status: "live", clientOpId: op(1) })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await send(socket, "session:join", { sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});

describe("session:operation", () => {
  const op = (n: number) => `op-${String(n).padStart(8, "0")}`;
  const highlight = (annotationId: string, extra: Record<string, unknown> = {}) => ({
    type: "annotation.create",
    annotationId,
    kind: "key_point",
    visibility: "shared",
    passage: { start: 0, end: 4, exact: "Text" },
    body: "",
    ...extra,
  });
  const operate = (socket: Socket, clientOpId: string, operation: unknown, session = sessionId) => send(socket, "session:operation", { sessionId: session, clientOpId, operation });

  it("acknowledges with the sequence number and broadcasts to the room; private notes reach only their author", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    await send(olga, "session:join", { sessionId });
    await send(mia, "session:join", { sessionId });
    const heard: unknown[] = [];
    mia.on("session:event", (message) => heard.push(message));
    expect(await operate(olga, op(1), highlight("a1"))).toMatchObject({ ok: true, data: { seq: 1, event: { annotation: { id: "a1" } } } });
    expect(await operate(olga, op(2), highlight("a2", { visibility: "private" }))).toMatchObject({ ok: true, data: { seq: 2 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual([expect.objectContaining({ event: expect.objectContaining({ seq: 1 }) })]);
  });

  it("answers the sender's own change in the acknowledgement alone; its other tabs and the room hear it by broadcast", async () => {
    const olga = await signedIn(owner);
    const olgaOtherTab = await signedIn(owner);
    const mia = await signedIn(member);
    for (const socket of [olga, olgaOtherTab, mia]) await send(socket, "session:join", { sessionId });
    const heard = { olga: [] as unknown[], olgaOtherTab: [] as unknown[], mia: [] as unknown[] };
    olga.on("session:event", (message) => heard.olga.push(message));
    olgaOtherTab.on("session:event", (message) => heard.olgaOtherTab.push(message));
    mia.on("session:event", (message) => heard.mia.push(message));
    expect(await operate(olga, op(1), highlight("a1"))).toMatchObject({ ok: true, data: { seq: 1, event: { annotation: { id: "a1" } } } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.olga).toEqual([]);
    expect(heard.olgaOtherTab).toEqual([expect.objectContaining({ event: expect.objectContaining({ seq: 1 }) })]);
    expect(heard.mia).toEqual([expect.objectContaining({ event: expect.objectContaining({ seq: 1 }) })]);
  });

  it.each([
    ["offsets outside the text", highlight("x", { passage: { start: 2, end: 900, exact: "xt." } }), "BAD_REQUEST"],
    ["a quote that does not match", highlight("x", { passage: { start: 0, end: 4, exact: "Tent" } }), "BAD_REQUEST"],
    ["an unknown kind", highlight("x", { kind: "rant" }), "BAD_REQUEST"],
    ["a comment over the length limit", highlight("x", { body: "x".repeat(5000) }), "BAD_REQUEST"],
  ])("refuses %s, changes nothing, and keeps the connection", async (_label, operation, code) => {
    const olga = await signedIn(owner);
    expect(await operate(olga, op(1), operation)).toMatchObject({ ok: false, error: { code } });
    expect((await findSession(sessionId))?.lastSeq).toBe(0);
    expect(olga.connected).toBe(true);
  });

  it("refuses editing someone else's annotation, and operations on another group's session", async () => {
    const olga = await signedIn(owner);
    const mia = await signedIn(member);
    await operate(olga, op(1), highlight("a1"));
    expect(await operate(mia, op(2), { type: "annotation.update", annotationId: "a1", kind: "question", body: "mine now" })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    expect(await operate(mia, op(3), highlight("b1"), otherSessionId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect((await findSession(otherSessionId))?.lastSeq).toBe(0);
  });

  it("answers a resend with the original event and refuses an old id with new content", async () => {
    const olga = await signedIn(owner);
    const first = await operate(olga, op(1), highlight("a1"));
    expect(await operate(olga, op(1), highlight("a1"))).toEqual(first);
    expect(await operate(olga, op(1), highlight("a2"))).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect((await findSession(sessionId))?.lastSeq).toBe(1);
  });

  it("rate-limits a flood from one member and keeps the connection up", async () => {
    const mia = await signedIn(member);
    const replies = await Promise.all(Array.from({ length: 70 }, (_, n) => send(mia, "presence:reading", { sessionId, blockId: `b${n}` })));
    expect(replies.some((reply) => !reply.ok && reply.error.code === "RATE_LIMITED")).toBe(true);
    expect(mia.connected).toBe(true);
  });

  it("drops a connection that sends more than the message size limit, and the server stays up", async () => {
    const olga = await signedIn(owner);
    const closed = new Promise((resolve) => olga.once("disconnect", resolve));
    olga.emit("session:operation", { sessionId, clientOpId: op(1), operation: highlight("big", { body: "x".repeat(MAX_MESSAGE_BYTES + 10) }) });
    await closed;
    expect((await findSession(sessionId))?.lastSeq).toBe(0);
    const again = await signedIn(owner);
    expect(await send(again, "session:join", { sessionId })).toMatchObject({ ok: true });
  });
});

describe("inbox news", () => {
  const op = (n: number) => `op-${String(n).padStart(8, "0")}`;

  it("reaches every socket of the person replied to, on any page, and nobody else", async () => {
    const olgaInSession = await signedIn(owner);
    const olgaElsewhere = await signedIn(owner);
    const mia = await signedIn(member);
    const passage = { start: 0, end: 4, exact: "Text" };
    await send(olgaInSession, "session:operation", {
      sessionId,
      clientOpId: op(1),
      operation: { type: "annotation.create", annotationId: "a1", kind: "key_point", visibility: "shared", passage, body: "" },
    });
    const heardByMia: unknown[] = [];
    mia.on("inbox:new", (news) => heardByMia.push(news));
    const news = new Promise((resolve) => olgaElsewhere.once("inbox:new", resolve));
    expect(
      await send(mia, "session:operation", { sessionId, clientOpId: op(2), operation: { type: "reply.create", replyId: "r1", annotationId: "a1", body: "Good point" } }),
    ).toMatchObject({ ok: true });
    await expect(news).resolves.toEqual({ kind: "annotation_reply" });
    expect(heardByMia).toEqual([]);
  });
});
