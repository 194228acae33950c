import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { MATCH_END, MATCH_START } from "../lib/search/query";
import type { Actor, SessionContext } from "./operation-context";
import { applyOperation } from "./session-operations";
import { alignBlocks } from "../lib/editions/align";
import { createArticle } from "./articles";
import { editionText, saveEdition } from "./editions";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import { checkSearchIndex, searchForUser } from "./search";
import { indexPendingSearch, pendingSearchChanges, startSearchIndexer } from "./search-index";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const markdown = "# Cuaderno\n\nLa organización del trabajo cambió en la fábrica.\n\nThe union met on Sunday to read together.";
let session: SessionContext;
let ana: Actor;
let ben: Actor;
let outsider: Actor;
let groupId: string;
let articleId: string;
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
  articleId = article.id;
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

/** Searches after the indexer has caught up with every write so far (the server does so within a second). */
async function search(input: Parameters<typeof searchForUser>[0]) {
  await indexPendingSearch();
  return await searchForUser(input);
}

const sources = async (userId: string, query: string) => (await search({ userId, query })).hits.map((hit) => `${hit.source}:${hit.locator}`);
/** What a search finds right now, before the indexer runs again. */
const sourcesNow = async (userId: string, query: string) => (await searchForUser({ userId, query })).hits.map((hit) => `${hit.source}:${hit.locator}`);

describe("searchForUser", () => {
  it("finds article text with and without accents, with the paragraph and a marked snippet", async () => {
    for (const query of ["organizacion", "organización", "ORGANIZACIÓN", "organiz"]) {
      const { hits } = await search({ userId: ben.id, query });
      expect(hits, query).toHaveLength(1);
      expect(hits[0]).toMatchObject({ source: "article", groupName: "Lectores", articleTitle: "Cuaderno obrero", paragraph: 1 });
      expect(hits[0]!.snippet).toContain(`${MATCH_START}organización${MATCH_END}`);
    }
  });

  it("finds comments and replies, pointing at their thread and paragraph", async () => {
    await run(ana, comment("a1", "¿Quién decidió la **organización** de la lectura?"));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "a1", body: "Fue una decisión colectiva de organizacion." });
    const { hits } = await search({ userId: ben.id, query: "organizacion", sources: ["annotation", "reply"] });
    expect(hits.map((hit) => [hit.source, hit.locator, hit.paragraph, hit.sessionTitle])).toEqual(
      expect.arrayContaining([
        ["annotation", "a1", 2, "Primera"],
        ["reply", "a1", 2, "Primera"],
      ]),
    );
    expect(hits.find((hit) => hit.source === "reply")).toMatchObject({ authorName: "BEN", context: "read together" });
    await checkSearchIndex();
  });

  it("finds the words of an article's edition in another language and what was written on it, tagged with its language and placed on the original's paragraph", async () => {
    const original = blocksFromMarkdown(markdown);
    const english = blocksFromMarkdown("# Notebook\n\nThe organisation of work changed in the factory.\n\nThe union met on Sunday to read together.");
    const edition = await saveEdition({
      groupId,
      articleId,
      language: "en",
      title: "Workers' notebook",
      sourceUrl: "",
      blocks: english,
      alignment: alignBlocks(original, english),
      editedBy: ana.id,
    });
    const { hits } = await search({ userId: ben.id, query: "factory" });
    expect(hits.map((hit) => [hit.source, hit.articleTitle, hit.language, hit.paragraph, hit.blockId])).toEqual([["article", "Cuaderno obrero", "en", 1, original[1]!.id]]);
    // The original's own words are still found, in no particular edition.
    expect((await search({ userId: ben.id, query: "fabrica" })).hits.map((hit) => [hit.source, hit.language])).toEqual([["article", null]]);

    const text = (await editionText(articleId, edition.id))!;
    const start = text.indexOf("read together");
    session = { ...session, editionText: (id) => editionText(articleId, id) };
    await run(ben, comment("a-en", "Who chose Sunday?", { passage: { start, end: start + 13, exact: "read together", edition: edition.id } }));
    await run(ana, { type: "reply.create", replyId: "r-en", annotationId: "a-en", body: "The whole branch chose Sunday." });
    const found = await search({ userId: ana.id, query: "sunday", sources: ["annotation", "reply"] });
    expect(found.hits.map((hit) => [hit.source, hit.language, hit.paragraph, hit.context])).toEqual(
      expect.arrayContaining([
        ["annotation", "en", 2, "read together"],
        ["reply", "en", 2, "read together"],
      ]),
    );
    // A new edition of the text replaces its entries.
    await saveEdition({
      groupId,
      articleId,
      language: "en",
      title: "Workers' notebook",
      sourceUrl: "",
      blocks: blocksFromMarkdown("# Notebook\n\nWork changed in the mill.\n\nThe union met."),
      alignment: alignBlocks(original, blocksFromMarkdown("# Notebook\n\nWork changed in the mill.\n\nThe union met.")),
      editedBy: ana.id,
    });
    expect(await sources(ben.id, "factory")).toEqual([]);
    expect((await search({ userId: ben.id, query: "mill" })).hits.map((hit) => hit.language)).toEqual(["en"]);
    await checkSearchIndex();
  });

  it("never shows another group's words, and refuses to search a group the user is not in", async () => {
    expect((await search({ userId: ben.id, query: "zebras" })).hits).toEqual([]);
    expect((await search({ userId: outsider.id, query: "zebras" })).hits).toHaveLength(1);
    expect((await search({ userId: outsider.id, query: "organizacion" })).hits).toEqual([]);
    await expect(search({ userId: ben.id, query: "zebras", groupId: otherGroupId })).rejects.toThrow(/not a member/);
  });

  it("keeps a private note to its author and drops hidden and deleted words", async () => {
    await run(ben, comment("p1", "mi nota privada sobre sindicatos", { visibility: "private" }));
    await run(ana, comment("h1", "comentario sindicatos que se ocultará"));
    await run(ana, comment("d1", "comentario sindicatos que se borrará"));
    expect((await search({ userId: ben.id, query: "sindicatos" })).hits).toHaveLength(3);
    expect((await search({ userId: ana.id, query: "sindicatos" })).hits).toHaveLength(2);
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
    const first = await search({ userId: ben.id, query: "asamblea", limit: 3 });
    const second = await search({ userId: ben.id, query: "asamblea", limit: 3, offset: 3 });
    expect([first.hits.length, first.more, second.hits.length, second.more]).toEqual([3, true, 2, false]);
  });
});

describe("the search indexer", () => {
  it("indexes a new comment after the write, not in it, and loses nothing it was told about", async () => {
    await indexPendingSearch();
    await run(ana, comment("a1", "un comentario sobre cooperativas"));
    expect(await pendingSearchChanges()).toBe(1);
    expect(await sourcesNow(ben.id, "cooperativas")).toEqual([]);
    expect(await indexPendingSearch()).toBe(1);
    expect(await pendingSearchChanges()).toBe(0);
    expect(await sourcesNow(ben.id, "cooperativas")).toEqual(["annotation:a1"]);
    await checkSearchIndex();
  });

  it("drops hidden, deleted and edited-away words at once, before the indexer has run", async () => {
    await run(ana, comment("h1", "sindicatos que se ocultarán"));
    await run(ana, comment("d1", "sindicatos que se borrarán"));
    await run(ana, comment("e1", "sindicatos de antes"));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "d1", body: "respuesta sobre sindicatos" });
    await run(ana, { type: "question.create", questionId: "q1", text: "¿Y los sindicatos?", passage: null, timeBoxMinutes: null, answerFirst: false });
    await run(ana, { type: "question.reveal", questionId: "q1" });
    await run(ben, { type: "answer.create", answerId: "x1", questionId: "q1", body: "Los sindicatos decidían." });
    expect((await sources(ben.id, "sindicatos")).sort()).toEqual(["annotation:d1", "annotation:e1", "annotation:h1", "answer:q1", "question:q1", "reply:d1"]);

    await run(ana, { type: "annotation.hide", annotationId: "h1", hidden: true });
    await run(ana, { type: "annotation.delete", annotationId: "d1" });
    await run(ana, { type: "annotation.update", annotationId: "e1", kind: "question", body: "cooperativas de después" });
    await run(ana, { type: "question.delete", questionId: "q1" });
    expect(await sourcesNow(ben.id, "sindicatos")).toEqual([]);
    expect(await sourcesNow(ben.id, "cooperativas")).toEqual([]);
    await indexPendingSearch();
    expect(await sourcesNow(ben.id, "sindicatos")).toEqual([]);
    expect(await sourcesNow(ben.id, "cooperativas")).toEqual(["annotation:e1"]);
    await checkSearchIndex();
  });

  it("never shows a private note to anyone else, before or after indexing", async () => {
    await run(ben, comment("p1", "nota privada sobre la huelga", { visibility: "private" }));
    await run(ben, { type: "reply.create", replyId: "r1", annotationId: "p1", body: "otra idea privada sobre la huelga" });
    expect(await sourcesNow(ana.id, "huelga")).toEqual([]);
    await indexPendingSearch();
    expect(await sourcesNow(ana.id, "huelga")).toEqual([]);
    expect((await sourcesNow(ben.id, "huelga")).sort()).toEqual(["annotation:p1", "reply:p1"]);
  });

  it("leaves no note behind for a write that was refused", async () => {
    await indexPendingSearch();
    await run(ana, comment("a1", "primera"));
    await expect(run(ben, comment("a1", "el mismo id otra vez"))).rejects.toThrow(/already exists/);
    expect(await pendingSearchChanges()).toBe(1);
  });

  it("catches up with everything noted while it was not running, in batches, when it starts", async () => {
    for (let index = 0; index < 12; index++) {
      await run(ben, { type: "message.create", messageId: `m${index}`, parentId: null, body: `mensaje ${index} de la asamblea`, quote: null });
    }
    expect(await pendingSearchChanges()).toBeGreaterThanOrEqual(12);
    const errors: unknown[] = [];
    const indexer = startSearchIndexer({ intervalMs: 60_000, batchSize: 5, onError: (error) => errors.push(error) });
    await indexer.stop();
    expect(errors).toEqual([]);
    expect(await pendingSearchChanges()).toBe(0);
    const { hits } = await searchForUser({ userId: ana.id, query: "asamblea", sources: ["message"], limit: 100 });
    expect(hits).toHaveLength(12);
    await checkSearchIndex();
  });

  it("starts a batch early once enough changes were committed", async () => {
    await indexPendingSearch();
    const indexer = startSearchIndexer({ intervalMs: 60_000, eagerAfter: 2, onError: () => undefined });
    try {
      await run(ana, comment("a1", "uno sobre la fábrica"));
      await run(ana, comment("a2", "dos sobre la fábrica"));
      indexer.nudge(1);
      indexer.nudge(1);
      await expect.poll(() => pendingSearchChanges()).toBe(0);
      expect((await sourcesNow(ben.id, "fabrica")).filter((hit) => hit.startsWith("annotation")).sort()).toEqual(["annotation:a1", "annotation:a2"]);
    } finally {
      await indexer.stop();
    }
  });
});
