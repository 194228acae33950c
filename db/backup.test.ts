import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { backupChecksum, parseBackup, withMedia, type Backup } from "../lib/review/backup-format";
import type { Actor } from "./operation-context";
import { applyOperation } from "./session-operations";
import { createArticle } from "./articles";
import { db, openFreshTestDatabase } from "./client";
import { exportGroupBackup, importGroupBackup, referencedMedia, schemaVersion } from "./backup";
import { demoPastSteps, recordPastSession } from "./demo/past-session";
import { addMember, createGroup, listGroupsForUser } from "./groups";
import { reviewEvents } from "./review";
import { searchForUser } from "./search";
import { indexPendingSearch } from "./search-index";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";
import { groups, users } from "./schema";

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

const noPassword = () => "!restored";

describe("group backup", () => {
  beforeEach(seed);

  it("round-trips: export → import into a fresh database → export again gives the same content", async () => {
    const first = await exportGroupBackup(groupId);
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

    const again = await exportGroupBackup(groupId);
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
    const wrongType: Backup = { ...backup, tables: wrongTables, checksum: backupChecksum(wrongTables) };
    await expect(importGroupBackup(JSON.stringify(wrongType), noPassword)).rejects.toThrow(/edited by hand: study_sessions row 1: "lastSeq" has the wrong type/);
    const tables = { ...backup.tables, session_events: [...backup.tables.session_events!, { ...backup.tables.session_events![0]! }] };
    const duplicated: Backup = { ...backup, tables, checksum: backupChecksum(tables) };
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
});
