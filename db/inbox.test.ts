import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup, removeMember } from "./groups";
import { listInbox, markInboxRead, tellGroupAboutSession, unreadInboxCount } from "./inbox";
import type { Actor, SessionContext } from "./operation-context";
import { applyOperation } from "./session-operations";
import { moveSession, scheduleSession } from "./study-sessions";
import { createUser } from "./users";

let session: SessionContext;
let ana: Actor;
let ben: Actor;
let cai: Actor;
let counter = 0;

beforeEach(async () => {
  await openFreshTestDatabase();
  const [anaUser, benUser, caiUser] = await Promise.all(["ana", "ben", "cai"].map((name) => createUser({ username: name, displayName: name.toUpperCase(), passwordHash: "x" })));
  const group = await createGroup({ name: "Readers", description: "", ownerId: anaUser!.id });
  await addMember(group.id, benUser!.id, "member");
  await addMember(group.id, caiUser!.id, "member");
  const blocks = blocksFromMarkdown("The union met on Sunday.\n\nEveryone agreed to publish the minutes.");
  const article = await createArticle({
    groupId: group.id,
    title: "T",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks,
    createdBy: anaUser!.id,
  });
  const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "Week 1", scheduledAt: new Date("2030-01-05T18:00:00Z"), createdBy: anaUser!.id });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  ana = { id: anaUser!.id, name: "ANA", role: "owner" };
  ben = { id: benUser!.id, name: "BEN", role: "member" };
  cai = { id: caiUser!.id, name: "CAI", role: "member" };
});

async function run(actor: Actor, operation: Operation) {
  return await applyOperation({ session, actor, clientOpId: `op-${++counter}-abcdefgh`, operation });
}

const passage = { start: 0, end: 9, exact: "The union" };

async function annotate(actor: Actor, annotationId: string) {
  await run(actor, { type: "annotation.create", annotationId, kind: "key_point", visibility: "shared", passage, body: "note" });
}

describe("the inbox", () => {
  it("tells an annotation's author about a reply, with the reply's words and who wrote it", async () => {
    await annotate(ana, "a1");
    const { told } = await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "I agree, and the minutes matter." });
    expect(told).toEqual([{ userId: ana.id, kind: "annotation_reply" }]);
    expect(await listInbox(ana.id)).toEqual([
      expect.objectContaining({
        kind: "annotation_reply",
        actorName: "BEN",
        excerpt: "I agree, and the minutes matter.",
        sessionId: session.id,
        sessionTitle: "Week 1",
        read: false,
      }),
    ]);
    expect(await unreadInboxCount(ana.id)).toBe(1);
    expect(await listInbox(ben.id)).toEqual([]);
  });

  it("does not tell people about their own replies", async () => {
    await annotate(ana, "a1");
    const { told } = await run(ana, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "Adding to my own note" });
    expect(told).toEqual([]);
    expect(await listInbox(ana.id)).toEqual([]);
  });

  it("tells nobody again when a reply is sent again (a resend)", async () => {
    await annotate(ana, "a1");
    const reply: Operation = { type: "reply.create", replyId: "r1", annotationId: "a1", body: "Once only" };
    const first = await applyOperation({ session, actor: ben, clientOpId: "resent-op-1", operation: reply });
    const again = await applyOperation({ session, actor: ben, clientOpId: "resent-op-1", operation: reply });
    expect([first.told.length, again.duplicate, again.told]).toEqual([1, true, []]);
    expect(await listInbox(ana.id)).toHaveLength(1);
  });

  it("tells a message's author about a reply and the @mentioned members about a mention, each once", async () => {
    await run(ana, { type: "message.create", messageId: "m1", parentId: null, body: "Shall we start?", quote: null });
    const { told } = await run(ben, { type: "message.create", messageId: "m2", parentId: "m1", body: "Yes @ana, and @cai too", quote: null });
    expect(told).toEqual([
      { userId: ana.id, kind: "thread_reply" },
      { userId: cai.id, kind: "mention" },
    ]);
    expect((await listInbox(ana.id)).map((entry) => entry.kind)).toEqual(["thread_reply"]);
    expect((await listInbox(cai.id)).map((entry) => [entry.kind, entry.excerpt])).toEqual([["mention", "Yes @ana, and @cai too"]]);
  });

  it("tells every other member when a facilitator releases a question", async () => {
    await run(ana, { type: "question.create", questionId: "q1", text: "Who benefits from longer hours?", passage: null, timeBoxMinutes: null, answerFirst: false });
    const { told } = await run(ana, { type: "question.reveal", questionId: "q1" });
    expect(told.map((news) => news.userId).sort()).toEqual([ben.id, cai.id].sort());
    for (const member of [ben, cai])
      expect((await listInbox(member.id)).map((entry) => [entry.kind, entry.excerpt])).toEqual([["question_released", "Who benefits from longer hours?"]]);
    expect(await listInbox(ana.id)).toEqual([]);
  });

  it("never keeps words that were taken back: a deleted or hidden reply leaves the inbox and its count", async () => {
    await annotate(ana, "a1");
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "first" });
    await run(cai, { type: "reply.create", replyId: "r2", annotationId: "a1", body: "second" });
    await run(ben, { type: "reply.delete", replyId: "r1" });
    await run(ana, { type: "reply.hide", replyId: "r2", hidden: true });
    expect(await listInbox(ana.id)).toEqual([]);
    expect(await unreadInboxCount(ana.id)).toBe(0);
  });

  it("shows an edited message's current words", async () => {
    await run(ana, { type: "message.create", messageId: "m1", parentId: null, body: "Hello @ben", quote: null });
    await run(ana, { type: "message.update", messageId: "m1", body: "Hello @ben, see paragraph 2" });
    expect((await listInbox(ben.id))[0]?.excerpt).toBe("Hello @ben, see paragraph 2");
  });

  it("marks entries read one by one or all at once, and never someone else's", async () => {
    await annotate(ana, "a1");
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "one" });
    await run(cai, { type: "reply.create", replyId: "r2", annotationId: "a1", body: "two" });
    const entry = async (excerpt: string) => (await listInbox(ana.id)).find((found) => found.excerpt === excerpt)!;
    await markInboxRead(ben.id, [(await entry("one")).id]);
    expect(await unreadInboxCount(ana.id)).toBe(2);
    await markInboxRead(ana.id, [(await entry("one")).id]);
    expect([(await entry("one")).read, (await entry("two")).read]).toEqual([true, false]);
    await markInboxRead(ana.id);
    expect(await unreadInboxCount(ana.id)).toBe(0);
  });

  it("tells the group when a session is scheduled or moved, but not the one who did it", async () => {
    const scheduled = await tellGroupAboutSession({ sessionId: session.id, kind: "session_scheduled", actorId: ana.id, now: new Date("2029-12-01T10:00:00Z") });
    expect(scheduled.sort()).toEqual([ben.id, cai.id].sort());
    await moveSession({ sessionId: session.id, scheduledAt: new Date("2030-01-06T18:00:00Z") });
    await tellGroupAboutSession({ sessionId: session.id, kind: "session_moved", actorId: ana.id, now: new Date("2029-12-02T10:00:00Z") });
    expect((await listInbox(ben.id)).map((entry) => [entry.kind, entry.scheduledAt?.toISOString()])).toEqual([
      ["session_moved", "2030-01-06T18:00:00.000Z"],
      ["session_scheduled", "2030-01-06T18:00:00.000Z"],
    ]);
    expect(await listInbox(ana.id)).toEqual([]);
  });

  it("hides a group's entries from someone who left it", async () => {
    await tellGroupAboutSession({ sessionId: session.id, kind: "session_scheduled", actorId: ana.id });
    await removeMember(session.groupId, ben.id);
    expect(await listInbox(ben.id)).toEqual([]);
    expect(await unreadInboxCount(ben.id)).toBe(0);
  });
});
