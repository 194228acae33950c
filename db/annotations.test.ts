import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { snapshotSchema, sessionEventViewSchema } from "../lib/protocol";
import { presentEvent } from "../lib/annotations/present";
import type { Actor, SessionContext } from "./operation-context";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import { lastSessionSeq, sessionEventsAfter } from "./session-events";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const markdown = "The union met on Sunday.\n\nEveryone agreed to publish the minutes.";
let session: SessionContext;
let ana: Actor;
let ben: Actor;
let opCounter = 0;

beforeEach(async () => {
  await openFreshTestDatabase();
  const anaUser = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
  const benUser = await createUser({ username: "ben", displayName: "Ben", passwordHash: "x" });
  const group = await createGroup({ name: "G", description: "", ownerId: anaUser.id });
  await addMember(group.id, benUser.id, "member");
  const blocks = blocksFromMarkdown(markdown);
  const article = await createArticle({ groupId: group.id, title: "T", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: anaUser.id });
  const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: anaUser.id });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  ana = { id: anaUser.id, name: "Ana", role: "owner" };
  ben = { id: benUser.id, name: "Ben", role: "member" };
});

async function snapshotFor(actor: Actor) {
  return await sessionSnapshot(session.id, actor);
}

async function run(actor: Actor, operation: Operation, clientOpId = `op-${++opCounter}-abcdefgh`) {
  return await applyOperation({ session, actor, clientOpId, operation });
}

function passage(exact: string) {
  const start = session.text.indexOf(exact);
  return { start, end: start + exact.length, exact };
}

function highlight(annotationId: string, extra: Partial<Extract<Operation, { type: "annotation.create" }>> = {}): Operation {
  return { type: "annotation.create", annotationId, kind: "key_point", visibility: "shared", passage: passage("publish the minutes"), body: "", ...extra };
}

describe("applyOperation", () => {
  it("creates a shared annotation, logs it and shows it to everyone", async () => {
    const { event, duplicate } = await run(ana, highlight("a1", { body: "**Yes**" }));
    expect(duplicate).toBe(false);
    expect(event.seq).toBe(1);
    expect(event.type).toBe("annotation.create");
    const seen = await snapshotFor(ben);
    expect(snapshotSchema.parse(seen).annotations).toHaveLength(1);
    expect(seen.annotations[0]).toMatchObject({
      id: "a1",
      authorName: "Ana",
      exact: "publish the minutes",
      bodyHtml: "<p><strong>Yes</strong></p>",
      prefix: session.text.slice(passage("publish the minutes").start - 32, passage("publish the minutes").start),
    });
    expect(sessionEventViewSchema.parse(presentEvent(event)).annotation?.id).toBe("a1");
  });

  it("keeps a private annotation from everyone but its author: snapshot and catch-up", async () => {
    await run(ben, highlight("p1", { visibility: "private", body: "my note" }));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "p1", body: "note to self" });
    expect((await snapshotFor(ana)).annotations).toHaveLength(0);
    expect((await snapshotFor(ana)).replies).toHaveLength(0);
    expect(await sessionEventsAfter(session.id, 0, { id: ana.id, facilitator: false })).toHaveLength(0);
    expect(await sessionEventsAfter(session.id, 0, { id: ben.id, facilitator: false })).toHaveLength(2);
    await expect(run(ana, { type: "reply.create", replyId: "r2", annotationId: "p1", body: "peek" })).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it.each([
    ["offsets outside the text", { passage: { start: 5, end: 5000, exact: "x" } }],
    ["a quote that does not match", { passage: { start: 0, end: 9, exact: "The onion" } }],
  ])("refuses %s and changes nothing", async (_label, extra) => {
    await expect(run(ana, highlight("bad", extra as never))).rejects.toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
    expect(await lastSessionSeq(session.id)).toBe(0);
    expect((await snapshotFor(ana)).annotations).toHaveLength(0);
  });

  it("answers a resend with the original event, exactly once", async () => {
    const first = await run(ana, highlight("a1"), "same-op-id-123");
    const again = await run(ana, highlight("a1"), "same-op-id-123");
    expect(again).toEqual({ event: first.event, duplicate: true, told: [] });
    expect(await lastSessionSeq(session.id)).toBe(1);
  });

  it("refuses an old operation id replayed with different content", async () => {
    await run(ana, highlight("a1"), "same-op-id-123");
    await expect(run(ana, highlight("a2"), "same-op-id-123")).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    await expect(run(ben, highlight("a1"), "same-op-id-123")).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(await lastSessionSeq(session.id)).toBe(1);
  });

  it("lets authors edit and delete their own annotations only", async () => {
    await run(ana, highlight("a1"));
    await expect(run(ben, { type: "annotation.update", annotationId: "a1", kind: "question", body: "hijack" })).rejects.toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    await expect(run(ben, { type: "annotation.delete", annotationId: "a1" })).rejects.toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const edited = await run(ana, { type: "annotation.update", annotationId: "a1", kind: "question", body: "why?" });
    expect(presentEvent(edited.event).annotation).toMatchObject({ kind: "question", body: "why?" });
    expect(presentEvent(edited.event).annotation?.editedAt).not.toBeNull();
    await run(ana, { type: "annotation.delete", annotationId: "a1" });
    expect((await snapshotFor(ben)).annotations).toHaveLength(0);
  });

  it("lets facilitators hide anyone's words, and members nobody's", async () => {
    await run(ben, highlight("b1", { body: "rude remark" }));
    await expect(run(ben, { type: "annotation.hide", annotationId: "b1", hidden: true })).rejects.toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    const hidden = await run(ana, { type: "annotation.hide", annotationId: "b1", hidden: true });
    expect(presentEvent(hidden.event).annotation).toMatchObject({ hidden: true, body: "", bodyHtml: "" });
    expect((await snapshotFor(ana)).annotations[0]).toMatchObject({ hidden: true, body: "" });
    const shown = await run(ana, { type: "annotation.hide", annotationId: "b1", hidden: false });
    expect(shown.event.type).toBe("annotation.unhide");
    expect((await snapshotFor(ana)).annotations[0]?.body).toBe("rude remark");
  });

  it("threads replies, edited and hidden like annotations", async () => {
    await run(ana, highlight("a1"));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "I agree" });
    await expect(run(ana, { type: "reply.update", replyId: "r1", body: "changed" })).rejects.toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    await run(ben, { type: "reply.update", replyId: "r1", body: "I *strongly* agree" });
    const snapshot = await snapshotFor(ana);
    expect(snapshot.replies[0]).toMatchObject({ annotationId: "a1", bodyHtml: "<p>I <em>strongly</em> agree</p>" });
    expect(snapshot.replies[0]?.editedAt).not.toBeNull();
    await run(ana, { type: "reply.hide", replyId: "r1", hidden: true });
    expect((await snapshotFor(ben)).replies[0]).toMatchObject({ hidden: true, body: "" });
  });

  it("marks annotations made before the meeting started", async () => {
    session = { ...session, status: "planned" };
    await run(ben, highlight("pre"));
    expect((await snapshotFor(ana)).annotations[0]?.beforeMeeting).toBe(true);
  });

  it("keeps an ended session read-only except for personal notes", async () => {
    session = { ...session, status: "ended" };
    await expect(run(ben, highlight("late"))).rejects.toThrow(expect.objectContaining({ code: "SESSION_ENDED" }));
    await expect(run(ben, highlight("note", { visibility: "private" }))).resolves.not.toThrow();
  });

  it("refuses an annotation id that already exists", async () => {
    await run(ana, highlight("a1"));
    await expect(run(ben, highlight("a1"))).rejects.toThrow(expect.objectContaining({ code: "CONFLICT" }));
  });
});
