import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import type { Actor, SessionContext } from "./operation-context";
import { annotationLayer, applyOperation, sessionSnapshot } from "./session-operations";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

// The session page paints without the annotation layer and fetches it afterwards: the two
// reads together must give what one snapshot gives, and never another member's private note.
let session: SessionContext;
let ana: Actor;
let ben: Actor;
let counter = 0;

beforeEach(async () => {
  await openFreshTestDatabase();
  const anaUser = await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" });
  const benUser = await createUser({ username: "ben", displayName: "Ben", passwordHash: "x" });
  const group = await createGroup({ name: "G", description: "", ownerId: anaUser.id });
  await addMember(group.id, benUser.id, "member");
  const blocks = blocksFromMarkdown("The union met on Sunday.\n\nEveryone agreed to publish the minutes.");
  const article = await createArticle({ groupId: group.id, title: "T", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: anaUser.id });
  const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: anaUser.id });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  ana = { id: anaUser.id, name: "Ana", role: "owner" };
  ben = { id: benUser.id, name: "Ben", role: "member" };
});

async function run(actor: Actor, operation: Operation) {
  return await applyOperation({ session, actor, clientOpId: `op-${++counter}-abcdefgh`, operation });
}

function highlight(annotationId: string, visibility: "shared" | "private"): Operation {
  const exact = "publish the minutes";
  const start = session.text.indexOf(exact);
  return { type: "annotation.create", annotationId, kind: "key_point", visibility, passage: { start, end: start + exact.length, exact }, body: "" };
}

describe("the session page's first paint and its layer", () => {
  it("paints without annotations or replies, and the layer holds them with the sequence number it is current to", async () => {
    await run(ana, highlight("shared1", "shared"));
    await run(ben, { type: "reply.create", replyId: "reply1", annotationId: "shared1", body: "Yes." });
    await run(ana, { type: "message.create", messageId: "m1", parentId: null, body: "Hello", quote: null });
    const page = await sessionSnapshot(session.id, ben, { layer: false });
    expect(page.annotations).toEqual([]);
    expect(page.replies).toEqual([]);
    expect(page.messages.map((message) => message.id)).toEqual(["m1"]);
    const layer = await annotationLayer(session.id, ben.id);
    const whole = await sessionSnapshot(session.id, ben);
    expect(layer).toEqual({ annotations: whole.annotations, replies: whole.replies, lastSeq: whole.lastSeq });
    expect(layer.lastSeq).toBe(3);
  });

  it("never gives one member's private note to another", async () => {
    await run(ana, highlight("anas-note", "private"));
    await run(ben, highlight("bens-note", "private"));
    expect((await annotationLayer(session.id, ben.id)).annotations.map((annotation) => annotation.id)).toEqual(["bens-note"]);
    expect((await annotationLayer(session.id, ana.id)).annotations.map((annotation) => annotation.id)).toEqual(["anas-note"]);
  });
});
