import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle } from "./articles";
import { db, openFreshTestDatabase } from "./client";
import { demoPastSteps, recordPastSession } from "./demo/past-session";
import { addMember, createGroup } from "./groups";
import type { Actor } from "./operation-context";
import { applyRetention, groupRetention, listRetentionRemovals, setGroupRetention } from "./retention";
import { loadSessionRecord, reviewEvents, sessionMessages, sharedThreads } from "./review";
import { annotations, messages, sessionEvents, studySessions } from "./schema";
import { searchForUser } from "./search";
import { indexPendingSearch } from "./search-index";
import { scheduleSession } from "./study-sessions";
import { createUser } from "./users";

const DAY = 86_400_000;
let people: Record<string, Actor & { role: "owner" | "member" }>;
let groupId: string;
let otherGroupId: string;
let endedAt: Date;

/** A group with one past session recorded through the live write path, and another group with one too. */
async function seed() {
  await openFreshTestDatabase();
  people = {};
  for (const [name, role] of [
    ["ana", "owner"],
    ["ben", "member"],
    ["carmen", "member"],
    ["dev", "member"],
  ] as const) {
    const user = await createUser({ username: name, displayName: name.toUpperCase(), passwordHash: "x" });
    people[name] = { id: user.id, name: user.displayName, role };
  }
  const blocks = blocksFromMarkdown(readFileSync(path.join(import.meta.dirname, "demo/reading-rooms.md"), "utf8"));
  const groupWithPast = async (name: string) => {
    const id = (await createGroup({ name, description: "", ownerId: people.ana!.id })).id;
    for (const person of ["ben", "carmen", "dev"]) await addMember(id, people[person]!.id, "member");
    const articleId = (
      await createArticle({ groupId: id, title: "Reading rooms", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: people.ana!.id })
    ).id;
    await recordPastSession({
      groupId: id,
      articleId,
      title: "Part one",
      startedAt: new Date("2026-03-01T18:00:00Z"),
      minutes: 75,
      facilitator: people.ana!,
      people,
      attendees: ["ana", "ben", "carmen", "dev"],
      steps: demoPastSteps,
    });
    await scheduleSession({ groupId: id, articleId, title: "Part two", scheduledAt: new Date("2026-12-08T18:00:00Z"), createdBy: people.ana!.id });
    return id;
  };
  groupId = await groupWithPast("Readers");
  otherGroupId = await groupWithPast("Others");
  const [session] = await db().select({ endedAt: studySessions.endedAt }).from(studySessions).where(eq(studySessions.groupId, groupId));
  endedAt = session!.endedAt!;
}

async function pastSessionId(group: string): Promise<string> {
  const rows = await db().select({ id: studySessions.id, status: studySessions.status }).from(studySessions).where(eq(studySessions.groupId, group));
  return rows.find((row) => row.status === "ended")!.id;
}

const count = async (table: typeof annotations | typeof messages | typeof sessionEvents, sessionId: string) =>
  (await db().select().from(table).where(eq(table.sessionId, sessionId))).length;

describe("group retention", () => {
  beforeEach(seed);

  it("is off by default and removes nothing", async () => {
    expect(await groupRetention(groupId)).toBeNull();
    expect(await applyRetention(new Date(endedAt.getTime() + 5000 * DAY))).toBe(0);
    expect(await count(messages, await pastSessionId(groupId))).toBeGreaterThan(0);
  });

  it("removes a session's thread, annotations and event log for good once its days have passed, and the archive says so", async () => {
    const sessionId = await pastSessionId(groupId);
    const carmen = { id: people.carmen!.id, facilitator: false };
    await setGroupRetention(groupId, 90);
    await indexPendingSearch();
    expect(await groupRetention(groupId)).toBe(90);
    expect((await searchForUser({ userId: people.ben!.id, query: "organizacion" })).hits.filter((hit) => hit.sessionId === sessionId).length).toBeGreaterThan(0);

    expect(await applyRetention(new Date(endedAt.getTime() + 89 * DAY))).toBe(0);
    expect(await count(messages, sessionId)).toBeGreaterThan(0);

    const when = new Date(endedAt.getTime() + 91 * DAY);
    expect(await applyRetention(when)).toBe(1);
    for (const table of [annotations, messages, sessionEvents]) expect(await count(table, sessionId)).toBe(0);
    expect(await reviewEvents(sessionId, carmen)).toEqual([]);
    expect(await sharedThreads(sessionId)).toEqual({ annotations: [], replies: [] });
    expect(await sessionMessages(sessionId)).toEqual([]);
    expect((await loadSessionRecord(groupId, sessionId)).session).toMatchObject({ id: sessionId });
    expect((await searchForUser({ userId: people.ben!.id, query: "organizacion" })).hits.filter((hit) => hit.sessionId === sessionId)).toEqual([]);
    await indexPendingSearch();
    expect((await searchForUser({ userId: people.ben!.id, query: "organizacion" })).hits.filter((hit) => hit.sessionId === sessionId)).toEqual([]);
    expect(await listRetentionRemovals(groupId)).toEqual([{ sessions: 1, retentionDays: 90, at: when }]);
    const [session] = await db().select().from(studySessions).where(eq(studySessions.id, sessionId));
    expect(session!.discussionRemovedAt).toEqual(when);

    // Nothing more to do the next time; the planned session and the other group keep everything.
    expect(await applyRetention(new Date(when.getTime() + DAY))).toBe(0);
    expect(await listRetentionRemovals(groupId)).toHaveLength(1);
    expect(await count(messages, await pastSessionId(otherGroupId))).toBeGreaterThan(0);
    expect(await listRetentionRemovals(otherGroupId)).toEqual([]);
  });

  it("refuses a retention that is not a whole number of days from 1 to 3650", async () => {
    for (const days of [0, -1, 1.5, 3651]) await expect(setGroupRetention(groupId, days)).rejects.toThrow(/whole number of days/);
    await setGroupRetention(groupId, 30);
    await setGroupRetention(groupId, null);
    expect(await groupRetention(groupId)).toBeNull();
  });
});
