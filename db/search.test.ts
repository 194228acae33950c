import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { MATCH_END, MATCH_START } from "../lib/search/query";
import type { Actor, SessionContext } from "./operation-context";
import { applyOperation } from "./session-operations";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import { checkSearchIndex, searchForUser } from "./search";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const markdown = "# Cuaderno\n\nLa organización del trabajo cambió en la fábrica.\n\nThe union met on Sunday to read together.";
let session: SessionContext;
let ana: Actor;
let ben: Actor;
let outsider: Actor;
let groupId: string;
let otherGroupId: string;
let counter = 0;

beforeEach(async () => {
  await openFreshTestDatabase();
  const [anaUser, benUser, zoeUser] = await Promise.all(["ana", "ben", "zoe"].map((name) => createUser({ username: name, displayName: name.toUpperCase(), passwordHash: "x" })));
  groupId = (await createGroup({ name: "Lectores", description: "", ownerId: anaUser!.id })).id;
  await addMember(groupId, benUser!.id, "member");
  otherGroupId = (await createGroup({ name: "Elsewhere", description: "", ownerId: zoeUser!.id })).id;
  const blocks = blocksFromMarkdown(markdown);
  const article = await createArticle({
    groupId,
    title: "Cuaderno obrero",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "es",
    blocks,
    createdBy: anaUser!.id,
  });
  await createArticle({
    groupId: otherGroupId,
    title: "Secret plans",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks: blocksFromMarkdown("Zebras organize a clandestine picnic."),
    createdBy: zoeUser!.id,
  });
  const { id } = await scheduleSession({ groupId, articleId: article.id, title: "Primera", scheduledAt: new Date(), createdBy: anaUser!.id });
  session = { id, groupId, status: "live", text: canonicalText(blocks) };
  ana = { id: anaUser!.id, name: "ANA", role: "owner" };
  ben = { id: benUser!.id, name: "BEN", role: "member" };
  outsider = { id: zoeUser!.id, name: "ZOE", role: "owner" };
});

async function run(actor: Actor, operation: Operation) {
  return await applyOperation({ session, actor, clientOpId: `op-${++counter}-abcdefgh`, operation });
}

function comment(annotationId: string, body: string, extra: Partial<Extract<Operation, { type: "annotation.create" }>> = {}): Operation {
  const exact = "read together";
  const start = session.text.indexOf(exact);
  return { type: "annotation.create", annotationId, kind: "question", visibility: "shared", passage: { start, end: start + exact.length, exact }, body, ...extra };
}

const sources = async (userId: string, query: string) => (await searchForUser({ userId, query })).hits.map((hit) => `${hit.source}:${hit.locator}`);

describe("searchForUser", () => {
  it("finds article text with and without accents, with the paragraph and a marked snippet", async () => {
    for (const query of ["organizacion", "organización", "ORGANIZACIÓN", "organiz"]) {
      const { hits } = await searchForUser({ userId: ben.id, query });
      expect(hits, query).toHaveLength(1);
      expect(hits[0]).toMatchObject({ source: "article", groupName: "Lectores", articleTitle: "Cuaderno obrero", paragraph: 1 });
      expect(hits[0]!.snippet).toContain(`${MATCH_START}organización${MATCH_END}`);
    }
  });

  it("finds comments and replies, pointing at their thread and paragraph", async () => {
    await run(ana, comment("a1", "¿Quién decidió la **organización** de la lectura?"));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "Fue una decisión colectiva de organizacion." });
    const { hits } = await searchForUser({ userId: ben.id, query: "organizacion", sources: ["annotation", "reply"] });
    expect(hits.map((hit) => [hit.source, hit.locator, hit.paragraph, hit.sessionTitle])).toEqual(
      expect.arrayContaining([
        ["annotation", "a1", 2, "Primera"],
        ["reply", "a1", 2, "Primera"],
      ]),
    );
    expect(hits.find((hit) => hit.source === "reply")).toMatchObject({ authorName: "BEN", context: "read together" });
    await checkSearchIndex();
  });

  it("never shows another group's words, and refuses to search a group the user is not in", async () => {
    expect((await searchForUser({ userId: ben.id, query: "zebras" })).hits).toEqual([]);
    expect((await searchForUser({ userId: outsider.id, query: "zebras" })).hits).toHaveLength(1);
    expect((await searchForUser({ userId: outsider.id, query: "organizacion" })).hits).toEqual([]);
    await expect(searchForUser({ userId: ben.id, query: "zebras", groupId: otherGroupId })).rejects.toThrow(/not a member/);
  });

  it("keeps a private note to its author and drops hidden and deleted words", async () => {
    await run(ben, comment("p1", "mi nota privada sobre sindicatos", { visibility: "private" }));
    await run(ana, comment("h1", "comentario sindicatos que se ocultará"));
    await run(ana, comment("d1", "comentario sindicatos que se borrará"));
    expect((await searchForUser({ userId: ben.id, query: "sindicatos" })).hits).toHaveLength(3);
    expect((await searchForUser({ userId: ana.id, query: "sindicatos" })).hits).toHaveLength(2);
    await run(ana, { type: "annotation.hide", annotationId: "h1", hidden: true });
    await run(ana, { type: "annotation.delete", annotationId: "d1" });
    expect(await sources(ana.id, "sindicatos")).toEqual([]);
    expect(await sources(ben.id, "sindicatos")).toEqual(["annotation:p1"]);
    await run(ana, { type: "annotation.hide", annotationId: "h1", hidden: false });
    expect(await sources(ana.id, "sindicatos")).toEqual(["annotation:h1"]);
    await checkSearchIndex();
  });

  it("follows edits and drops a thread's replies when its annotation is deleted", async () => {
    await run(ana, comment("a1", "primera idea"));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "respuesta cooperativa" });
    await run(ana, { type: "annotation.update", annotationId: "a1", kind: "question", body: "idea revisada" });
    expect(await sources(ben.id, "primera")).toEqual([]);
    expect(await sources(ben.id, "revisada")).toEqual(["annotation:a1"]);
    await run(ana, { type: "annotation.delete", annotationId: "a1" });
    expect(await sources(ben.id, "cooperativa")).toEqual([]);
  });

  it("finds thread messages, revealed questions and their open answers, but not a question still hidden in the agenda", async () => {
    await run(ben, { type: "message.create", messageId: "m1", parentId: null, body: "La asamblea votó la organizacion", quote: null });
    await run(ana, { type: "question.create", questionId: "q1", text: "¿Qué cambió en la fábrica con la asamblea?", passage: null, timeBoxMinutes: null, answerFirst: false });
    expect(await sources(ben.id, "asamblea")).toEqual(["message:m1"]);
    await run(ana, { type: "question.reveal", questionId: "q1" });
    await run(ben, { type: "answer.create", answerId: "x1", questionId: "q1", body: "Todo: la asamblea decidía." });
    expect((await sources(ben.id, "asamblea")).sort()).toEqual(["answer:q1", "message:m1", "question:q1"]);
    await run(ben, { type: "message.delete", messageId: "m1" });
    expect((await sources(ben.id, "asamblea")).sort()).toEqual(["answer:q1", "question:q1"]);
    await checkSearchIndex();
  });

  it("pages through hits", async () => {
    for (let index = 0; index < 5; index++) await run(ana, comment(`a${index}`, `asamblea número ${index}`));
    const first = await searchForUser({ userId: ben.id, query: "asamblea", limit: 3 });
    const second = await searchForUser({ userId: ben.id, query: "asamblea", limit: 3, offset: 3 });
    expect([first.hits.length, first.more, second.hits.length, second.more]).toEqual([3, true, 2, false]);
  });
});
