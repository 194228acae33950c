import { beforeEach, describe, expect, it } from "vitest";
import { createArticle } from "./articles";
import { calendarFeedOpenedAt, calendarFeedOwner, calendarSession, calendarSessionsFor, closeCalendarFeed, openCalendarFeed } from "./calendar-feeds";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import { changeSessionStatus, moveSession, scheduleSession } from "./study-sessions";
import { person } from "./test-people";

let ana = "";
let ben = "";
let groupId = "";
let articleId = "";
const now = new Date("2030-03-01T12:00:00Z");

beforeEach(async () => {
  await openFreshTestDatabase();
  ana = await person("ana");
  ben = await person("ben");
  groupId = (await createGroup({ name: "Readers", description: "", ownerId: ana })).id;
  articleId = (
    await createArticle({
      groupId,
      title: "On Rest",
      author: "",
      sourceName: "",
      sourceUrl: "",
      publishedOn: "",
      language: "en",
      blocks: [{ id: "b1", type: "paragraph", text: "x" }],
      createdBy: ana,
    })
  ).id;
});

const schedule = async (title: string, at: string, group = groupId, article = articleId) =>
  (await scheduleSession({ groupId: group, articleId: article, title, scheduledAt: new Date(at), createdBy: ana })).id;

describe("calendar feeds", () => {
  it("opens a secret address that finds its owner; a new one replaces it and closing ends it", async () => {
    expect(await calendarFeedOpenedAt(ana)).toBeNull();
    const first = await openCalendarFeed(ana);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await calendarFeedOwner(first)).toBe(ana);
    const second = await openCalendarFeed(ana);
    expect(await calendarFeedOwner(first)).toBeUndefined();
    expect(await calendarFeedOwner(second)).toBe(ana);
    expect(await calendarFeedOpenedAt(ana)).toBeInstanceOf(Date);
    await closeCalendarFeed(ana);
    expect(await calendarFeedOwner(second)).toBeUndefined();
    expect(await calendarFeedOwner("made-up-token-made-up-token-000")).toBeUndefined();
  });

  it("lists the sessions of the member's groups only, from 90 days back, with their move count", async () => {
    const old = await schedule("Long ago", "2029-10-01T18:00:00Z");
    const recent = await schedule("Last month", "2030-02-01T18:00:00Z");
    const coming = await schedule("Next week", "2030-03-08T18:00:00Z");
    await moveSession({ sessionId: coming, scheduledAt: new Date("2030-03-09T18:00:00Z") });
    const otherGroup = (await createGroup({ name: "Other", description: "", ownerId: ben })).id;
    const otherArticle = (
      await createArticle({
        groupId: otherGroup,
        title: "B",
        author: "",
        sourceName: "",
        sourceUrl: "",
        publishedOn: "",
        language: "en",
        blocks: [{ id: "b1", type: "paragraph", text: "y" }],
        createdBy: ben,
      })
    ).id;
    await schedule("Not yours", "2030-03-10T18:00:00Z", otherGroup, otherArticle);
    const listed = await calendarSessionsFor(ana, now);
    expect(listed.map((session) => session.id)).toEqual([recent, coming]);
    expect(listed.map((session) => session.id)).not.toContain(old);
    expect(listed[1]).toMatchObject({ title: "Next week", groupName: "Readers", articleTitle: "On Rest", revision: 1, scheduledAt: new Date("2030-03-09T18:00:00Z") });
    await addMember(otherGroup, ana, "member");
    expect((await calendarSessionsFor(ana, now)).map((session) => session.title)).toContain("Not yours");
    expect(await calendarSession(coming)).toMatchObject({ id: coming, groupId, revision: 1 });
  });

  it("moves only planned sessions", async () => {
    const id = await schedule("Week 1", "2030-03-08T18:00:00Z");
    await moveSession({ sessionId: id, scheduledAt: new Date("2030-03-09T18:00:00Z") });
    await changeSessionStatus({ sessionId: id, to: "live", actorId: ana, clientOpId: "op-00000001" });
    await expect(moveSession({ sessionId: id, scheduledAt: new Date("2030-03-10T18:00:00Z") })).rejects.toThrow(expect.objectContaining({ code: "INVALID_STATUS_CHANGE" }));
  });
});
