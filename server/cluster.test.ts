import { createServer, type Server as HttpServer } from "node:http";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, SOCKET_PATH, type Ack } from "../lib/protocol";
import { startAppNode, type AppNode } from "../scripts/services/app-node";
import { startPostgres, type PostgresService } from "../scripts/services/postgres";
import { startRedis, type RedisService } from "../scripts/services/redis";
import { watchPresence } from "./realtime/test-presence";
import type { LiveServer } from "./realtime/types";
import { connectRedis, type RedisLink } from "./redis";

/**
 * Two real app nodes (child processes, production build) on one real PostgreSQL and one real
 * Redis, with socket.io-client connections carrying next-auth cookies to each node. Redis is
 * stopped by the last test, since the harness cannot bring it back.
 */
const secret = "cluster-test-secret-that-is-long-enough-0123456789";
const origin = "http://circle.test";
let postgres: PostgresService;
let redis: RedisService;
let node1: AppNode;
let node2: AppNode;
const sockets: Socket[] = [];
let names = 0;

/**
 * The database and live-server modules, imported once DATABASE_URL names the test's PostgreSQL:
 * db/ picks its engine's tables when first imported.
 */
async function serverModules() {
  const [articles, client, groups, sessions, people, realtime, handlers, cookies, authenticate, authSessions] = await Promise.all([
    import("../db/articles"),
    import("../db/client"),
    import("../db/groups"),
    import("../db/study-sessions"),
    import("../db/test-people"),
    import("./realtime"),
    import("./realtime/session-handlers"),
    import("./accounts/test-cookie"),
    import("./realtime/authenticate"),
    import("../db/auth-sessions"),
  ]);
  return { ...articles, ...client, ...groups, ...sessions, ...people, ...realtime, ...handlers, ...cookies, ...authenticate, ...authSessions };
}
let server: Awaited<ReturnType<typeof serverModules>>;

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  // This test process reads and writes the same database as the nodes, to set the scene.
  process.env.DATABASE_URL = postgres.url;
  server = await serverModules();
  const env = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, AUTH_SECRET: secret, ALLOWED_ORIGINS: origin, SEED_DEMO: "false" };
  [node1, node2] = await Promise.all([startAppNode(env), startAppNode(env)]);
}, 120_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await Promise.allSettled([node1?.stop(), node2?.stop()]);
  await server?.closeDatabase();
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

/** A new account with a unique name. */
async function someone(name: string): Promise<string> {
  names += 1;
  return server.person(`${name}${names}`);
}

/** A group owned by `ownerId` with the given members, and a session on a one-paragraph article. */
async function sessionOf(ownerId: string, members: string[]): Promise<{ groupId: string; sessionId: string }> {
  const { createGroup, addMember, createArticle, scheduleSession } = server;
  const groupId = (await createGroup({ name: "G", description: "", ownerId })).id;
  for (const userId of members) await addMember(groupId, userId, "member");
  const blocks = [{ id: "b1", type: "paragraph" as const, text: "Text." }];
  const articleId = (await createArticle({ groupId, title: "A", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: ownerId })).id;
  const sessionId = (await scheduleSession({ groupId, articleId, title: "S", scheduledAt: new Date(), createdBy: ownerId })).id;
  return { groupId, sessionId };
}

async function signedIn(url: string, userId: string, cookie?: string): Promise<Socket> {
  cookie ??= await server.sessionCookieFor(userId, secret);
  const socket = connect(url, {
    path: SOCKET_PATH,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { cookie, origin },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

function send<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

function nextEvent(socket: Socket): Promise<{ sessionId: string; event: { seq: number; annotation?: { id: string } } }> {
  return new Promise((resolve) => socket.once("session:event", resolve));
}

const highlight = (annotationId: string) => ({
  type: "annotation.create",
  annotationId,
  kind: "key_point",
  visibility: "shared",
  passage: { start: 0, end: 4, exact: "Text" },
  body: "",
});
let ops = 0;
const opId = () => `cluster-op-${String(++ops).padStart(6, "0")}`;
const idsOf = (members: { userId: string }[]) => members.map((member) => member.userId).sort();

async function health(node: AppNode): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${node.url}/api/health`);
  return { status: response.status, body: await response.json() };
}

describe("two nodes on one PostgreSQL and one Redis", () => {
  it("a change made on node 1 reaches a member on node 2, and presence lists the members of both nodes", async () => {
    const owner = await someone("olga");
    const member = await someone("mia");
    const { sessionId } = await sessionOf(owner, [member]);
    const olgaSocket = await signedIn(node1.url, owner);
    const olga = watchPresence(olgaSocket, sessionId);
    const miaSocket = await signedIn(node2.url, member);
    const mia = watchPresence(miaSocket, sessionId);
    expect(await olga.join()).toMatchObject({ ok: true });
    expect(await mia.join()).toMatchObject({ ok: true });
    expect(idsOf(await mia.until((members) => members.length === 2))).toEqual([owner, member].sort());
    expect(idsOf(await olga.until((members) => members.length === 2))).toEqual([owner, member].sort());

    const heard = nextEvent(miaSocket);
    expect(await send(olgaSocket, "session:operation", { sessionId, clientOpId: opId(), operation: highlight("cluster-a1") })).toMatchObject({ ok: true, data: { seq: 1 } });
    expect(await heard).toMatchObject({ sessionId, event: { seq: 1, annotation: { id: "cluster-a1" } } });

    miaSocket.disconnect();
    expect(idsOf(await olga.until((members) => members.length === 1))).toEqual([owner]);
  });

  it("where a member on one node reads and whether they type reach the members of the other node", async () => {
    const owner = await someone("olga");
    const member = await someone("mia");
    const { sessionId } = await sessionOf(owner, [member]);
    const olga = watchPresence(await signedIn(node1.url, owner), sessionId);
    const miaSocket = await signedIn(node2.url, member);
    const mia = watchPresence(miaSocket, sessionId);
    await olga.join();
    await mia.join();
    await olga.until((members) => members.length === 2);
    expect(await send(miaSocket, "presence:reading", { sessionId, blockId: "b1" })).toEqual({ ok: true, data: null });
    expect(await send(miaSocket, "presence:typing", { sessionId, typing: true })).toEqual({ ok: true, data: null });
    const seen = await olga.until((members) => members.some((each) => each.userId === member && each.blockId === "b1" && each.typing));
    expect(seen.find((each) => each.userId === member)).toMatchObject({ role: "member", blockId: "b1", typing: true });
  });

  it("a node that starts later learns who is already here; a node that dies takes its members out of everyone's list", async () => {
    const owner = await someone("olga");
    const member = await someone("mia");
    const { sessionId } = await sessionOf(owner, [member]);
    const olga = watchPresence(await signedIn(node1.url, owner), sessionId);
    await olga.join();

    const third = await inProcessNode({ listen: true });
    try {
      const mia = watchPresence(await signedIn(third.url, member), sessionId);
      await mia.join();
      expect(idsOf(await mia.until((members) => members.length === 2))).toEqual([owner, member].sort());
      await olga.until((members) => members.length === 2);
      // The third node vanishes from Redis without a word (as a killed process does): it is taken out once it stops beating.
      await third.link.close();
      const started = Date.now();
      expect(idsOf(await olga.until((members) => members.length === 1, 15_000))).toEqual([owner]);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await third.close();
    }
  }, 40_000);

  it("a member removed from the group loses their live connection on the other node, and cannot join again", async () => {
    const owner = await someone("olga");
    const member = await someone("mia");
    const { groupId, sessionId } = await sessionOf(owner, [member]);
    const olgaSees = watchPresence(await signedIn(node1.url, owner), sessionId);
    const mia = await signedIn(node2.url, member);
    await olgaSees.join();
    await send(mia, "session:join", { sessionId });
    await olgaSees.until((members) => members.length === 2);

    // The eviction is issued by a third node in this process, as the group page's action does on whichever node served it.
    const third = await inProcessNode();
    try {
      const closed = new Promise<string>((resolve) => mia.once("disconnect", resolve));
      await server.removeMember(groupId, member);
      await server.evictFromGroup(third.io, groupId, member);
      expect(await closed).toBe("io server disconnect");
      expect(idsOf(await olgaSees.until((members) => members.length === 1))).toEqual([owner]);
      const again = await signedIn(node2.url, member);
      expect(await send(again, "session:join", { sessionId })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    } finally {
      await third.close();
    }
  });

  it("ending a sign-in session closes its sockets on every node within a second, and its cookie opens no new one", async () => {
    const owner = await someone("olga");
    const { sessionId } = await sessionOf(owner, []);
    const { cookie, sessionId: authSessionId } = await server.signedInCookie(owner, secret);
    const onNode1 = await signedIn(node1.url, owner, cookie);
    const onNode2 = await signedIn(node2.url, owner, cookie);
    const elsewhere = await signedIn(node2.url, owner);
    await send(onNode2, "session:join", { sessionId });

    // Ended by a third node in this process, as the account page's action does on whichever node served it.
    const third = await inProcessNode();
    try {
      const closed = [onNode1, onNode2].map((socket) => new Promise<number>((resolve) => socket.once("disconnect", () => resolve(Date.now()))));
      const endedAt = Date.now();
      await server.endAuthSession(authSessionId);
      server.closeAuthSessions(third.io, [authSessionId]);
      for (const at of await Promise.all(closed)) expect(at - endedAt).toBeLessThan(1000);
      expect(elsewhere.connected).toBe(true);
      await expect(signedIn(node1.url, owner, cookie)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    } finally {
      await third.close();
    }
  });

  it("with PostgreSQL down, operations are refused with UNAVAILABLE and never acknowledged; the node stays up and works again once it returns", async () => {
    const owner = await someone("olga");
    const { sessionId } = await sessionOf(owner, []);
    const olga = await signedIn(node1.url, owner);
    await send(olga, "session:join", { sessionId });
    const clientOpId = opId();

    await postgres.suspend();
    try {
      expect(await send(olga, "session:operation", { sessionId, clientOpId, operation: highlight("cluster-pg") })).toMatchObject({
        ok: false,
        error: { code: "UNAVAILABLE", message: expect.stringMatching(/try again/) },
      });
      expect(await health(node1)).toMatchObject({ status: 503, body: { ok: false, error: { code: "UNAVAILABLE" }, failing: ["database"] } });
      expect(olga.connected).toBe(true);
    } finally {
      await postgres.resume();
    }

    // The pool drops the connections the restart cut and opens new ones: the same change, sent again, is applied once.
    const retried = await eventually(
      () => send<{ seq: number }>(olga, "session:operation", { sessionId, clientOpId, operation: highlight("cluster-pg") }),
      (reply) => reply.ok,
    );
    expect(retried).toMatchObject({ ok: true, data: { seq: 1 } });
    expect(await health(node1)).toEqual({ status: 200, body: { ok: true, database: "up", redis: "up" } });
  }, 40_000);

  it("with Redis down, health says so and each node keeps serving its own members", async () => {
    const owner = await someone("olga");
    const member = await someone("bea");
    const { sessionId } = await sessionOf(owner, [member]);
    await redis.stop();

    const unhealthy = await eventually(
      () => health(node1),
      (answer) => answer.status === 503,
    );
    expect(unhealthy.body).toMatchObject({ ok: false, error: { code: "UNAVAILABLE", message: expect.stringContaining("redis") }, failing: ["redis"] });
    const olga = await signedIn(node1.url, owner);
    const bea = await signedIn(node1.url, member);
    await send(olga, "session:join", { sessionId });
    const beaSees = watchPresence(bea, sessionId);
    await beaSees.join();
    expect(idsOf(await beaSees.until((members) => members.length === 2))).toEqual([owner, member].sort());
    const heard = nextEvent(olga);
    expect(await send(bea, "session:operation", { sessionId, clientOpId: opId(), operation: highlight("cluster-local") })).toMatchObject({ ok: true });
    expect(await heard).toMatchObject({ event: { annotation: { id: "cluster-local" } } });
    // Logged once for the outage, however many reconnection attempts fail (the node's log reaches us a moment after its health does).
    await eventually(
      async () => node1.logged("redis.unreachable"),
      (lines) => lines.length > 0,
    );
    expect(node1.logged("redis.unreachable")).toHaveLength(1);
  }, 30_000);
});

/**
 * A live server attached in this process to the same Redis: a third node without pages, which
 * nobody connects to unless `listen` gives it a port.
 */
async function inProcessNode(options: { listen?: boolean } = {}): Promise<{ io: LiveServer; url: string; link: RedisLink; close: () => Promise<void> }> {
  const link: RedisLink = connectRedis(redis.url);
  const httpServer: HttpServer = createServer();
  const io = server.attachRealtime(httpServer, { authSecret: secret, allowedOrigins: [origin], redis: link });
  if (options.listen) await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const address = httpServer.address();
  await eventually(() => link.reachable(), Boolean);
  await link.subscribed(5_000);
  return {
    io,
    url: typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "",
    link,
    close: async () => {
      // A node whose Redis link a test cut (its death) gets it back first: closing the adapter unsubscribes through it.
      if (link.sub.status === "end") await Promise.all([link.pub.connect(), link.sub.connect()]);
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await link.close();
    },
  };
}

/** Calls `attempt` every 250 ms until `done` says yes (10 s at most); returns the last answer. */
async function eventually<T>(attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await attempt();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
