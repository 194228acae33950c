import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { renderComment } from "../lib/markdown/comment";
import { parseBackup, sealedContent, withMedia } from "../lib/review/backup-format";
import type { Actor } from "./operation-context";
import { applyOperation } from "./session-operations";

import { createArticle, findArticle, findArticleVersion } from "./articles";
import { seedDemoBilingual } from "./demo/bilingual";
import { chooseEdition, editionChoice, editionText, readingEditions } from "./editions";
import { db, openFreshTestDatabase } from "./client";
import { exportGroupBackup, importGroupBackup, previewGroupBackup, referencedMedia, schemaVersion, type ImportOptions } from "./backup";
import { demoPastSteps, recordPastSession } from "./demo/past-session";
import { addMember, createGroup, listGroupsForUser } from "./groups";
import { listMembershipChanges } from "./membership-log";
import { reviewEvents } from "./review";
import { searchForUser } from "./search";
import { indexPendingSearch } from "./search-index";
import { findSession, scheduleSession } from "./study-sessions";
import { createUser } from "./users";
import { annotations, articleEditions, groups, users } from "./schema";

let people: Record<string, Actor & { role: "owner" | "member" }>;
let groupId: string;
let sessionId: string;

async function seed() {
  await openFreshTestDatabase();
  people = {};
  for (const [name, role] of [
    ["ana", "owner"],
    ["ben", "member"],
    ["carmen", "member"],
    ["dev", "member"],
  ] as const) {
    const user = await createUser({ username: name, displayName: name.toUpperCase(), passwordHash: `hash-${name}` });
    people[name] = { id: user.id, name: user.displayName, role };
  }
  groupId = (await createGroup({ name: "Lectores del domingo", description: "Leemos juntos", ownerId: people.ana!.id })).id;
  for (const name of ["ben", "carmen", "dev"]) await addMember(groupId, people[name]!.id, "member");
  const blocks = blocksFromMarkdown(readFileSync(path.join(import.meta.dirname, "demo/reading-rooms.md"), "utf8"));
  const articleId = (
    await createArticle({ groupId, title: "Reading rooms", author: "SC", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: people.ana!.id })
  ).id;
  sessionId = (
    await recordPastSession({
      groupId,
      articleId,
      title: "Part one",
      startedAt: new Date("2026-03-01T18:00:00Z"),
      minutes: 75,
      facilitator: people.ana!,
      people,
      attendees: ["ana", "ben", "carmen", "dev"],
      steps: demoPastSteps,
    })
  ).sessionId;
  await scheduleSession({ groupId, articleId, title: "Part two", scheduledAt: new Date("2026-03-08T18:00:00Z"), createdBy: people.ana!.id });
  // Someone else's group on the same instance stays out of the backup.
  const other = (await createGroup({ name: "Other", description: "", ownerId: people.dev!.id })).id;
  await createArticle({
    groupId: other,
    title: "Not ours",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks: blocksFromMarkdown("Private words."),
    createdBy: people.dev!.id,
  });
}

/** Restores as the command line does, recording the reset links it asks for. */
const issued: string[] = [];
const noPassword: ImportOptions = {
  target: { kind: "as-is" },
  issueResetLink: async (userId) => {
    issued.push(userId);
    return { path: `/reset/token-${userId}`, expiresAt: new Date("2030-01-01T00:00:00Z") };
  },
};

describe("group backup", () => {
  beforeEach(seed);

  it("round-trips: export → import into a fresh database → export again gives the same content", async () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const first = await exportGroupBackup(groupId, at);
    expect(first.tables.study_sessions).toHaveLength(2);
    expect(first.tables.session_events!.length).toBeGreaterThan(20);
    expect(first.tables.messages!.length).toBeGreaterThan(3);
    expect(first.tables.questions!.length).toBeGreaterThan(2);
    const text = JSON.stringify(first);
    const eventsBefore = await reviewEvents(sessionId, { id: people.carmen!.id, facilitator: false });

    await openFreshTestDatabase();
    const outcome = await importGroupBackup(text, noPassword);
    expect(outcome).toMatchObject({ groupId, groupName: "Lectores del domingo", sessions: 2 });
    expect(outcome.createdUsers.map((user) => user.username).sort()).toEqual(["ana", "ben", "carmen", "dev"]);
    // Each restored account comes with its own reset link, and no password works until it is used.
    expect(outcome.createdUsers.map((user) => user.resetPath).sort()).toEqual(
      Object.values(people)
        .map((person) => `/reset/token-${person.id}`)
        .sort(),
    );
    expect(new Set((await db().select({ hash: users.passwordHash }).from(users)).map((row) => row.hash))).toEqual(new Set(["!"]));

    const again = await exportGroupBackup(groupId, at);
    expect(again.tables).toEqual(first.tables);
    expect(again.checksum).toBe(first.checksum);
    expect(await reviewEvents(sessionId, { id: people.carmen!.id, facilitator: false })).toEqual(eventsBefore);
    expect((await listGroupsForUser(people.ben!.id)).map((group) => group.name)).toEqual(["Lectores del domingo"]);
    await indexPendingSearch();
    expect((await searchForUser({ userId: people.ben!.id, query: "organizacion" })).hits.length).toBeGreaterThan(0);
  });

  it("leaves out private notes, passwords, e-mail addresses and other groups", async () => {
    const text = JSON.stringify(await exportGroupBackup(groupId));
    expect(text).not.toContain("Nota privada");
    expect(text).not.toContain("hash-ana");
    expect(text).not.toContain("Private words");
    expect(text).not.toMatch(/"passwordHash"|"email"/);
    expect(JSON.parse(text).tables.session_events.some((event: { privateTo: string | null }) => event.privateTo)).toBe(false);
  });

  it("refuses a corrupt file, a hand-edited one, one from a newer schema, and an inconsistent one, each with a clear message", async () => {
    const backup = await exportGroupBackup(groupId);
    const text = JSON.stringify(backup);
    await openFreshTestDatabase();
    await expect(importGroupBackup(text.slice(0, text.length / 2), noPassword)).rejects.toThrow(/not valid JSON/);
    await expect(importGroupBackup(JSON.stringify({ hello: "world" }), noPassword)).rejects.toThrow(/not a Study Circle group backup/);
    await expect(importGroupBackup(text.replace("Part one", "Part 1"), noPassword)).rejects.toThrow(/changed after it was made/);
    await expect(importGroupBackup(JSON.stringify({ ...backup, schemaVersion: (await schemaVersion()) + 1 }), noPassword)).rejects.toThrow(/newer version of Study Circle/);
    const wrongTables = { ...backup.tables, study_sessions: [{ ...backup.tables.study_sessions![0], lastSeq: "many" }] };
    const wrongType = sealedContent({ ...backup, tables: wrongTables });
    await expect(importGroupBackup(JSON.stringify(wrongType), noPassword)).rejects.toThrow(/edited by hand: study_sessions row 1: "lastSeq" has the wrong type/);
    const tables = { ...backup.tables, session_events: [...backup.tables.session_events!, { ...backup.tables.session_events![0]! }] };
    const duplicated = sealedContent({ ...backup, tables });
    await expect(importGroupBackup(JSON.stringify(duplicated), noPassword)).rejects.toThrow(/inconsistent.*two events numbered 1/);
    expect(await db().select().from(groups)).toEqual([]);
  });

  it("never half-applies: a conflict found while writing leaves the instance as it was", async () => {
    const backup = await exportGroupBackup(groupId);
    await openFreshTestDatabase();
    await createUser({ username: "dev", displayName: "Another Dev", passwordHash: "x" });
    const before = await db().select().from(users);
    await expect(importGroupBackup(JSON.stringify(backup), noPassword)).rejects.toThrow(/username "dev" belongs to a different account/);
    expect(await db().select().from(users)).toEqual(before);
    expect(await db().select().from(groups)).toEqual([]);
  });

  it("names the images the texts show, and its checksum covers them", async () => {
    const backup = await exportGroupBackup(groupId);
    const src = `/groups/${groupId}/media/${"b".repeat(64)}.png`;
    const withImage = {
      ...backup,
      tables: { ...backup.tables, article_versions: [{ ...backup.tables.article_versions![0]!, blocks: [{ id: "i1", type: "image", text: "", image: { src, alt: "" } }] }] },
    };
    expect(referencedMedia(withImage)).toEqual([`${"b".repeat(64)}.png`]);
    const packed = withMedia(backup, { [`${"b".repeat(64)}.png`]: "AAAA" });
    expect(parseBackup(JSON.stringify(packed), await schemaVersion()).media).toEqual({ [`${"b".repeat(64)}.png`]: "AAAA" });
    const version = await schemaVersion();
    expect(() => parseBackup(JSON.stringify({ ...packed, media: { [`${"b".repeat(64)}.png`]: "BBBB" } }), version)).toThrow(/changed after it was made/);
  });

  it("refuses to import a group the instance already has", async () => {
    const text = JSON.stringify(await exportGroupBackup(groupId));
    await expect(importGroupBackup(text, noPassword)).rejects.toThrow(/already on this instance/);
  });

  it("keeps working after the import: the restored session takes new events in sequence", async () => {
    const text = JSON.stringify(await exportGroupBackup(groupId));
    await openFreshTestDatabase();
    await importGroupBackup(text, noPassword);
    const before = (await reviewEvents(sessionId, { id: people.ben!.id, facilitator: false })).at(-1)!.seq;
    const target = (await reviewEvents(sessionId, { id: people.ben!.id, facilitator: false })).find((event) => event.type === "annotation.create")!.annotation!;
    await applyOperation({
      session: { id: sessionId, groupId, status: "ended", text: "" },
      actor: people.ana!,
      clientOpId: "after-import-1",
      operation: { type: "annotation.hide", annotationId: target.id, hidden: true },
    });
    expect((await reviewEvents(sessionId, { id: people.ben!.id, facilitator: false })).at(-1)!.seq).toBeGreaterThan(before);
  });

  it("keeps the header inside the checksum, and still reads version 1 files, trusting only what their checksum covered", async () => {
    const backup = await exportGroupBackup(groupId);
    expect(backup.formatVersion).toBe(2);
    const text = JSON.stringify(backup);
    await openFreshTestDatabase();
    for (const edited of [
      { ...backup, group: { ...backup.group, name: "Someone else's group" } },
      { ...backup, exportedAt: "2020-01-01T00:00:00.000Z" },
      { ...backup, schemaVersion: backup.schemaVersion - 1 },
    ]) {
      await expect(importGroupBackup(JSON.stringify(edited), noPassword)).rejects.toThrow(/changed after it was made/);
    }
    // A version 1 file: its checksum covered tables and images only. Its header is not believed.
    const legacy = {
      ...backup,
      formatVersion: 1,
      group: { id: backup.group.id, name: "Edited header" },
      checksum: `sha256:${createHash("sha256").update(JSON.stringify(backup.tables)).digest("hex")}`,
    };
    expect((await previewGroupBackup(JSON.stringify(legacy))).groupName).toBe("Lectores del domingo");
    expect((await importGroupBackup(JSON.stringify(legacy), noPassword)).groupName).toBe("Lectores del domingo");
    expect(text).toContain('"formatVersion":2');
  });

  it("renders and sanitises every piece of HTML from the file again, and keeps only safe links and the group's own images", async () => {
    const backup = await exportGroupBackup(groupId);
    const evil = '<img src=x onerror="alert(1)"><script>alert(1)</script><a href="javascript:alert(1)">x</a>';
    const tables = structuredClone(backup.tables);
    for (const name of ["messages", "annotations", "annotation_replies", "answers"]) for (const row of tables[name]!) row.bodyHtml = evil;
    const event = tables.session_events!.find((row) => row.type === "message.create")!;
    (event.payload as { message: { bodyHtml: string } }).message.bodyHtml = evil;
    const version = tables.article_versions![0]!;
    const blocks = version.blocks as { id: string; type: string; text: string; marks?: unknown[]; image?: unknown }[];
    blocks[1] = {
      ...blocks[1]!,
      marks: [
        { type: "link", start: 0, end: 3, href: "javascript:alert(1)" },
        { type: "strong", start: 0, end: 3 },
      ],
    };
    blocks.push({ id: "tracker", type: "image", text: "", image: { src: "https://tracker.example/pixel.png", alt: "" } });
    tables.articles![0]!.sourceUrl = "javascript:alert(1)";
    const text = JSON.stringify(sealedContent({ ...backup, tables }));

    await openFreshTestDatabase();
    await importGroupBackup(text, noPassword);
    const restored = await exportGroupBackup(groupId);
    const everything = JSON.stringify(restored.tables);
    expect(everything).not.toMatch(/onerror|<script|javascript:|tracker\.example/);
    for (const name of ["messages", "annotations", "annotation_replies", "answers"]) {
      expect(restored.tables[name]!.length).toBeGreaterThan(0);
      for (const row of restored.tables[name]!) expect(row.bodyHtml).toBe(row.body === "" ? "" : renderComment(row.body as string));
    }
    const restoredBlocks = restored.tables.article_versions!.find((row) => row.id === version.id)!.blocks as typeof blocks;
    expect(restoredBlocks[1]!.marks).toEqual([{ type: "strong", start: 0, end: 3 }]);
    expect(restoredBlocks.some((block) => block.id === "tracker")).toBe(false);
    expect(restored.tables.articles![0]!.sourceUrl).toBe("");
  });

  it("says what a file holds before anything is written", async () => {
    const text = JSON.stringify(await exportGroupBackup(groupId));
    await openFreshTestDatabase();
    const preview = await previewGroupBackup(text);
    expect(preview).toMatchObject({ groupName: "Lectores del domingo", articles: 1, sessions: 2, images: 0 });
    expect(preview.events).toBeGreaterThan(20);
    expect(preview.people.map((person) => [person.username, person.role, person.becomes]).sort()).toEqual([
      ["ana", "owner", "new"],
      ["ben", "member", "new"],
      ["carmen", "member", "new"],
      ["dev", "member", "new"],
    ]);
    expect(await db().select().from(users)).toEqual([]);
    // Restored by someone on the web, into an instance that has a "ben" already.
    const olga = await createUser({ username: "olga", displayName: "Olga", passwordHash: "x" });
    await createUser({ username: "ben", displayName: "Another Ben", passwordHash: "x" });
    const asOlga = await previewGroupBackup(text, { kind: "new-group", owner: { id: olga.id, username: "olga" }, linkExisting: false });
    expect(asOlga.people.find((person) => person.username === "ben")).toMatchObject({ becomes: "new", restoredAs: "ben-2" });
    const asAna = await previewGroupBackup(text, { kind: "new-group", owner: { id: olga.id, username: "ana" }, linkExisting: false });
    expect(asAna.people.find((person) => person.username === "ana")).toMatchObject({ becomes: "you", restoredAs: "ana" });
  });

  it("restores into a new group beside the original: fresh ids, the restorer owns it, accounts of this instance linked only when the file was made here", async () => {
    const text = JSON.stringify(await exportGroupBackup(groupId));
    // Carmen wrote no private note (those stay out of backups), so she sees the same log in both.
    const carmen = { id: people.carmen!.id, facilitator: false };
    const eventsBefore = await reviewEvents(sessionId, carmen);

    const linked = await importGroupBackup(text, { ...noPassword, target: { kind: "new-group", owner: { id: people.ana!.id, username: "ana" }, linkExisting: true } });
    expect(linked.groupId).not.toBe(groupId);
    expect(linked.createdUsers).toEqual([]);
    expect((await listGroupsForUser(people.ben!.id)).map((group) => group.id).sort()).toEqual([groupId, linked.groupId].sort());
    const copy = await exportGroupBackup(linked.groupId);
    const [restoredSession] = copy.tables.study_sessions!.filter((row) => row.title === "Part one");
    expect(restoredSession!.id).not.toBe(sessionId);
    const eventsAfter = await reviewEvents(restoredSession!.id as string, carmen);
    expect(eventsAfter.map((event) => [event.seq, event.type])).toEqual(eventsBefore.map((event) => [event.seq, event.type]));
    expect(JSON.stringify(copy.tables)).not.toContain(sessionId);
    // The planned session can be joined by a code of its own; the ended one needs none.
    const codes = copy.tables.study_sessions!.map((row) => [row.status, row.joinCode]);
    expect(codes.find(([status]) => status === "planned")![1]).toMatch(/^[A-Z0-9]{6}$/);
    expect(codes.find(([status]) => status === "planned")![1]).not.toBe(
      (await exportGroupBackup(groupId)).tables.study_sessions!.find((row) => row.status === "planned")!.joinCode,
    );
    await indexPendingSearch();
    expect((await searchForUser({ userId: people.ben!.id, query: "organizacion" })).hits.some((hit) => hit.groupId === linked.groupId)).toBe(true);

    // A file not made here names no one here: every person is new (under another username
    // where theirs is taken), with a reset link; the one restoring owns the group.
    const olga = await createUser({ username: "olga", displayName: "Olga", passwordHash: "hash-olga" });
    issued.length = 0;
    const fresh = await importGroupBackup(text, { ...noPassword, target: { kind: "new-group", owner: { id: olga.id, username: "olga" }, linkExisting: false } });
    expect(fresh.createdUsers.map((user) => user.username).sort()).toEqual(["ana-2", "ben-2", "carmen-2", "dev-2"]);
    expect(issued.sort()).toEqual(fresh.createdUsers.map((user) => user.id).sort());
    expect((await listGroupsForUser(olga.id)).map((group) => [group.id, group.role])).toEqual([[fresh.groupId, "owner"]]);
    expect((await listMembershipChanges(fresh.groupId))[0]).toMatchObject({ change: "joined", role: "owner", member: { username: "olga" }, actor: { username: "olga" } });
    expect((await listGroupsForUser(people.ben!.id)).map((group) => group.id)).not.toContain(fresh.groupId);
  });
  it("carries an article's editions with their alignment, members' choices and what was written on an edition, in both kinds of restore", async () => {
    const bilingual = await seedDemoBilingual({ groupId, ownerId: people.ana!.id, scheduledAt: new Date("2026-03-15T18:00:00Z") });
    await chooseEdition(people.ben!.id, bilingual.articleId, { edition: bilingual.editionId, sideBySide: true });
    const session = (await findSession(bilingual.sessionId))!;
    const original = (await findArticleVersion(session.articleVersionId))!;
    const spanish = (await editionText(bilingual.articleId, bilingual.editionId))!;
    const start = spanish.indexOf("12,5 horas");
    await applyOperation({
      session: { id: session.id, groupId, status: "live", text: canonicalText(original.blocks), editionText: (edition) => editionText(bilingual.articleId, edition) },
      actor: people.ben!,
      clientOpId: "op-edition-annotation",
      operation: {
        type: "annotation.create",
        annotationId: "a-es",
        kind: "key_point",
        visibility: "shared",
        passage: { start, end: start + 10, exact: "12,5 horas", edition: bilingual.editionId },
        body: "Demasiadas horas",
      },
    });
    const at = new Date("2026-11-30T12:00:00Z");
    const first = await exportGroupBackup(groupId, at);
    expect(first.tables.article_editions).toHaveLength(1);
    expect(first.tables.article_editions![0]).toMatchObject({ id: bilingual.editionId, language: "es" });
    expect(first.tables.edition_choices).toEqual([expect.objectContaining({ userId: people.ben!.id, editionId: bilingual.editionId, sideBySide: true })]);
    expect(await previewGroupBackup(JSON.stringify(first))).toMatchObject({ editions: 1 });
    const article = (await findArticle(groupId, bilingual.articleId))!;
    const before = await readingEditions(article, original);

    // As it is, into another instance: the same editions, aligned the same, and the same file again.
    await openFreshTestDatabase();
    await importGroupBackup(JSON.stringify(first), noPassword);
    expect((await exportGroupBackup(groupId, at)).tables).toEqual(first.tables);
    expect(await readingEditions(article, original)).toEqual(before);
    expect(await editionChoice(people.ben!.id, bilingual.articleId)).toEqual({ edition: bilingual.editionId, sideBySide: true });

    // Beside the original, as a new group: the edition gets a fresh id, and the annotation, the choice and the log follow it.
    const copy = await importGroupBackup(JSON.stringify(first), {
      ...noPassword,
      target: { kind: "new-group", owner: { id: people.ana!.id, username: "ana" }, linkExisting: true },
    });
    const copied = (await exportGroupBackup(copy.groupId)).tables;
    const newEdition = copied.article_editions![0]!;
    expect(newEdition.id).not.toBe(bilingual.editionId);
    expect(newEdition.alignment).toEqual(first.tables.article_editions![0]!.alignment);
    const [annotation] = await db()
      .select()
      .from(annotations)
      .where(eq(annotations.editionId, newEdition.id as string));
    expect(annotation).toMatchObject({ exact: "12,5 horas", body: "Demasiadas horas" });
    expect(copied.edition_choices).toEqual([expect.objectContaining({ editionId: newEdition.id, articleId: newEdition.articleId })]);
    expect(JSON.stringify(copied.session_events)).not.toContain(bilingual.editionId);
    expect((await db().select({ id: articleEditions.id }).from(articleEditions)).map((row) => row.id).sort()).toEqual([bilingual.editionId, newEdition.id].sort());
  });
});
