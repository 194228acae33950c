import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText, type Block } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { presentEvent } from "../lib/annotations/present";
import { alignBlocks } from "../lib/editions/align";
import { createArticle, reviseArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { chooseEdition, editionChoice, editionText, findEdition, listEditions, readingEditions, saveEdition } from "./editions";
import { createGroup } from "./groups";
import type { Actor, SessionContext } from "./operation-context";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const english = blocksFromMarkdown("## Hours\n\nWe work 46 hours a week.\n\nWe demand 40.");
const spanish = blocksFromMarkdown("## Horas\n\nTrabajamos 46 horas por semana.\n\nExigimos 40.");
let userId = "";
let groupId = "";
let articleId = "";

beforeEach(async () => {
  await openFreshTestDatabase();
  userId = (await createUser({ username: "ana", displayName: "Ana", passwordHash: "x" })).id;
  groupId = (await createGroup({ name: "G", description: "", ownerId: userId })).id;
  articleId = (await createArticle({ title: "Hours", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", groupId, blocks: english, createdBy: userId })).id;
});

const save = async (blocks: Block[] = spanish, extra: Partial<Parameters<typeof saveEdition>[0]> = {}) =>
  await saveEdition({ groupId, articleId, language: "es", title: "Horas", sourceUrl: "", blocks, alignment: alignBlocks(english, blocks), editedBy: userId, ...extra });

describe("editions", () => {
  it("adds an edition with its alignment, then replaces it in the same language", async () => {
    const created = await save();
    expect(created.change).toBe("created");
    expect(await listEditions(articleId)).toMatchObject([{ id: created.id, language: "es", title: "Horas", wordCount: 8 }]);
    const stored = (await findEdition(articleId, created.id))!;
    expect(stored.alignment.map((link) => [link.source.length, link.target.length])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const replaced = await save(blocksFromMarkdown("## Horas\n\nTrabajamos 46 horas.\n\nExigimos 40."));
    expect(replaced).toEqual({ id: created.id, change: "replaced" });
    expect(await editionText(articleId, created.id)).toBe("Horas\n\nTrabajamos 46 horas.\n\nExigimos 40.");
  });

  it("refuses the original's language, an alignment that does not fit and another group's article", async () => {
    await expect(save(spanish, { language: "en" })).rejects.toMatchObject({ code: "BAD_REQUEST", details: { field: "language" } });
    await expect(save(spanish, { alignment: alignBlocks(english, spanish).slice(1) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const other = (await createGroup({ name: "Other", description: "", ownerId: userId })).id;
    await expect(save(spanish, { groupId: other })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listEditions(articleId)).toEqual([]);
  });

  it("gives a session every edition, aligned with the version it reads", async () => {
    const { id } = await save();
    await reviseArticle({
      groupId,
      articleId,
      details: { title: "Hours", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en" },
      blocks: blocksFromMarkdown("## Hours\n\nWe work 46 hours a week.\n\nWe demand 40 now."),
      editedBy: userId,
    });
    const revised = blocksFromMarkdown("## Hours\n\nWe work 46 hours a week.\n\nWe demand 40 now.");
    const editions = await readingEditions({ id: articleId, language: "en", title: "Hours", sourceUrl: "" }, { blocks: revised });
    expect(editions.map((edition) => [edition.id, edition.language])).toEqual([
      [null, "en"],
      [id, "es"],
    ]);
    // The changed paragraph lost its pair; the rest still line up.
    expect(editions[1]!.alignment.map((link) => [link.source.length, link.target.length])).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
      [0, 1],
    ]);
  });

  it("remembers each member's choice of edition", async () => {
    const { id } = await save();
    expect(await editionChoice(userId, articleId)).toEqual({ edition: null, sideBySide: false });
    await chooseEdition(userId, articleId, { edition: id, sideBySide: false });
    expect(await editionChoice(userId, articleId)).toEqual({ edition: id, sideBySide: false });
    await chooseEdition(userId, articleId, { edition: id, sideBySide: true });
    expect(await editionChoice(userId, articleId)).toEqual({ edition: id, sideBySide: true });
    await expect(chooseEdition(userId, articleId, { edition: "nope", sideBySide: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("annotating an edition", () => {
  let session: SessionContext;
  let ana: Actor;
  let editionId = "";
  let counter = 0;
  const run = async (operation: Parameters<typeof applyOperation>[0]["operation"]) =>
    presentEvent((await applyOperation({ session, actor: ana, clientOpId: `op-${++counter}-abcdefgh`, operation })).event);

  beforeEach(async () => {
    editionId = (await save()).id;
    const { id } = await scheduleSession({ groupId, articleId, title: "S", scheduledAt: new Date(), createdBy: userId });
    session = { id, groupId, status: "live", text: canonicalText(english), editionText: (edition) => editionText(articleId, edition) };
    ana = { id: userId, name: "Ana", role: "owner" };
  });

  it("checks the passage against the edition's text and keeps the edition with the annotation", async () => {
    const text = canonicalText(spanish);
    const start = text.indexOf("46 horas");
    const event = await run({
      type: "annotation.create",
      annotationId: "a1",
      kind: "key_point",
      visibility: "shared",
      passage: { start, end: start + 8, exact: "46 horas", edition: editionId },
      body: "",
    });
    expect(event.annotation).toMatchObject({ start, end: start + 8, exact: "46 horas", edition: editionId });
    const snapshot = await sessionSnapshot(session.id, ana);
    expect(snapshot.annotations[0]).toMatchObject({ edition: editionId, prefix: text.slice(0, start) });
  });

  it("refuses a passage that is in the original but not in the edition, and an unknown edition", async () => {
    const start = session.text.indexOf("46 hours");
    await expect(
      run({
        type: "annotation.create",
        annotationId: "a2",
        kind: "key_point",
        visibility: "shared",
        passage: { start, end: start + 8, exact: "46 hours", edition: editionId },
        body: "",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      run({
        type: "annotation.create",
        annotationId: "a3",
        kind: "key_point",
        visibility: "shared",
        passage: { start, end: start + 8, exact: "46 hours", edition: "unknown" },
        body: "",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const original = await run({
      type: "annotation.create",
      annotationId: "a4",
      kind: "key_point",
      visibility: "shared",
      passage: { start, end: start + 8, exact: "46 hours" },
      body: "",
    });
    expect(original.annotation).not.toHaveProperty("edition");
  });

  it("keeps the edition of a focused passage and a poll's passage", async () => {
    const text = canonicalText(spanish);
    const start = text.indexOf("Exigimos");
    const focus = await run({ type: "focus.set", passage: { start, end: start + 8, exact: "Exigimos", edition: editionId } });
    expect(focus.room?.focus).toEqual({ start, end: start + 8, exact: "Exigimos", edition: editionId });
    const poll = await run({ type: "poll.open", pollId: "p1", passage: { start, end: start + 8, exact: "Exigimos", edition: editionId } });
    expect(poll.room?.poll?.passage).toEqual({ start, end: start + 8, exact: "Exigimos", edition: editionId });
  });
});

describe("the demo's bilingual article", () => {
  it("is seeded with its Spanish edition aligned, split and joined paragraphs included", async () => {
    const { seedDemoBilingual } = await import("./demo/bilingual");
    const seeded = await seedDemoBilingual({ groupId, ownerId: userId, scheduledAt: new Date() });
    const edition = (await findEdition(seeded.articleId, seeded.editionId))!;
    expect(edition.language).toBe("es");
    expect(edition.alignment.map((link) => `${link.source.length}-${link.target.length}`)).toEqual(["1-1", "1-2", "1-1", "1-1", "1-1", "2-1", "1-1", "1-1", "1-1", "1-1", "1-1"]);
  });
});
