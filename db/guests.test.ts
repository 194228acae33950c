import { beforeEach, describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle } from "./articles";
import { openFreshTestDatabase } from "./client";
import { addMember, createGroup } from "./groups";
import {
  admitGuests,
  arriveAsGuest,
  arriveWithAccount,
  changeGuestSettings,
  claimGuest,
  guestHome,
  guestSettings,
  guestStanding,
  listGuests,
  operationSessionWithRole,
  removeGuest,
  roleInSession,
  sessionGuestIds,
  sessionWithRole,
} from "./guests";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { changeSessionStatus, findSession, scheduleSession } from "./study-sessions";
import { person } from "./test-people";
import { findUserById, findUserForSignIn } from "./users";

let owner = "";
let member = "";
let groupId = "";
let sessionId = "";
let otherSessionId = "";

async function planned(title: string): Promise<string> {
  const article = await createArticle({
    groupId,
    title,
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks: blocksFromMarkdown("Workers of the world read together."),
    createdBy: owner,
  });
  return (await scheduleSession({ groupId, articleId: article.id, title, scheduledAt: new Date(), createdBy: owner })).id;
}

const session = () => ({ id: sessionId, groupId });
const arrive = (displayName: string) => arriveAsGuest({ sessionId, displayName, locale: "es" });

beforeEach(async () => {
  await openFreshTestDatabase();
  owner = await person("olga");
  member = await person("mia");
  groupId = (await createGroup({ name: "Sunday Readers", description: "", ownerId: owner })).id;
  await addMember(groupId, member, "member");
  sessionId = await planned("This week");
  otherSessionId = await planned("Next week");
});

describe("guest settings", () => {
  it("are off by default", async () => {
    expect(await guestSettings(sessionId)).toEqual({ allowed: false, admitAutomatically: false });
  });

  it("refuse guests while off, with the same answer as a wrong code", async () => {
    await expect(arrive("Rosa")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listGuests(sessionId)).toEqual([]);
  });

  it("cannot change once the session has ended", async () => {
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: "end-op-0001" });
    await expect(changeGuestSettings(sessionId, { allowed: true })).rejects.toMatchObject({ code: "SESSION_ENDED" });
  });
});

describe("a guest's way through a session", () => {
  beforeEach(async () => {
    await changeGuestSettings(sessionId, { allowed: true });
  });

  it("waits, is let in, and holds the guest role in that session only", async () => {
    const { userId, status } = await arrive("Rosa");
    expect(status).toBe("waiting");
    expect(await roleInSession(session(), userId)).toBeNull();
    expect(await guestStanding(sessionId, userId)).toBe("waiting");
    expect(await admitGuests(sessionId, userId)).toEqual([userId]);
    expect(await roleInSession(session(), userId)).toBe("guest");
    expect(await roleInSession({ id: otherSessionId, groupId }, userId)).toBeNull();
    expect(await guestHome(userId)).toEqual({ sessionId, groupId });
    expect((await findUserById(userId))?.kind).toBe("guest");
  });

  it("is let in at once when the session admits guests automatically, and everyone waiting goes in when that is turned on", async () => {
    const early = await arrive("Early");
    await changeGuestSettings(sessionId, { admitAutomatically: true });
    expect(await guestStanding(sessionId, early.userId)).toBe("admitted");
    expect((await arrive("Late")).status).toBe("admitted");
  });

  it("admits everyone waiting with one call", async () => {
    const guests = [await arrive("A"), await arrive("B")];
    expect((await admitGuests(sessionId, null)).sort()).toEqual(guests.map((guest) => guest.userId).sort());
  });

  it("loses access when removed, and when the session ends", async () => {
    const removed = await arrive("Removed");
    const stays = await arrive("Stays");
    await admitGuests(sessionId, null);
    await removeGuest(sessionId, removed.userId);
    expect(await roleInSession(session(), removed.userId)).toBeNull();
    expect(await guestStanding(sessionId, removed.userId)).toBe("removed");
    await expect(removeGuest(sessionId, member)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    expect(await roleInSession(session(), stays.userId)).toBe("guest");
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: "end-op-0001" });
    expect(await roleInSession(session(), stays.userId)).toBeNull();
    expect(await guestStanding(sessionId, stays.userId)).toBe("ended");
    expect(await guestStanding(sessionId, removed.userId)).toBe("removed");
  });

  it("cannot sign in with a password, whatever is typed", async () => {
    const { userId } = await arrive("Rosa");
    const guest = await findUserById(userId);
    expect(await findUserForSignIn(guest!.username)).toBeUndefined();
  });

  it("gives an operation the same role as the full session's query, with the session's counter", async () => {
    const { userId } = await arrive("Rosa");
    const outsider = await person("otto");
    const both = async (who: string) => [(await sessionWithRole(sessionId, who))?.role, (await operationSessionWithRole(sessionId, who))?.role];
    expect(await both(owner)).toEqual(["owner", "owner"]);
    expect(await both(member)).toEqual(["member", "member"]);
    expect(await both(userId)).toEqual([null, null]);
    await admitGuests(sessionId, userId);
    expect(await both(userId)).toEqual(["guest", "guest"]);
    await removeGuest(sessionId, userId);
    expect(await both(userId)).toEqual([null, null]);
    expect(await both(outsider)).toEqual([null, null]);
    expect(await operationSessionWithRole("no-such-session", owner)).toBeUndefined();
    const full = (await findSession(sessionId))!;
    expect((await operationSessionWithRole(sessionId, member))?.session).toEqual({
      id: sessionId,
      groupId,
      status: full.status,
      articleId: full.articleId,
      articleVersionId: full.articleVersionId,
      lastSeq: full.lastSeq,
    });
  });

  it("lists guests for the facilitators and marks who was one, removed or not", async () => {
    const first = await arrive("Rosa");
    const second = await arrive("Tomás");
    await removeGuest(sessionId, second.userId);
    const roster = await listGuests(sessionId);
    expect(roster.map((guest) => [guest.displayName, guest.status, guest.hasAccount])).toEqual([
      ["Rosa", "waiting", false],
      ["Tomás", "removed", false],
    ]);
    expect((await sessionGuestIds(sessionId)).sort()).toEqual([first.userId, second.userId].sort());
  });

  it("lets an account from outside the group in as a guest of this session, and no further", async () => {
    const outsider = await person("otto");
    expect(await arriveWithAccount(sessionId, outsider)).toBe("waiting");
    await admitGuests(sessionId, outsider);
    expect(await roleInSession(session(), outsider)).toBe("guest");
    expect(await roleInSession({ id: otherSessionId, groupId }, outsider)).toBeNull();
    expect(await guestHome(outsider)).toBeUndefined();
    await removeGuest(sessionId, outsider);
    expect(await arriveWithAccount(sessionId, outsider)).toBe("removed");
  });
});

describe("claiming a guest's visit", () => {
  it("turns the guest into an account that owns what the guest wrote", async () => {
    await changeGuestSettings(sessionId, { allowed: true, admitAutomatically: true });
    const { userId } = await arrive("Rosa");
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    const found = (await findSession(sessionId))!;
    await applyOperation({
      session: { id: sessionId, groupId, status: found.status, text: "Workers of the world read together." },
      actor: { id: userId, name: "Rosa", role: "guest" },
      clientOpId: "guest-op-0001",
      operation: {
        type: "annotation.create",
        annotationId: "guest-note-1",
        kind: "key_point",
        visibility: "shared",
        passage: { start: 0, end: 7, exact: "Workers" },
        body: "Yes.",
      },
    });
    await claimGuest(userId, { username: "Rosa.R", displayName: "Rosa R.", email: null, passwordHash: "hash", locale: "es" });
    const account = await findUserForSignIn("rosa.r");
    expect(account).toMatchObject({ id: userId, kind: "account", displayName: "Rosa R." });
    const layer = await sessionSnapshot(sessionId, { id: owner, role: "owner" });
    expect(layer.annotations.map((annotation) => [annotation.authorId, annotation.authorName])).toEqual([[userId, "Rosa R."]]);
    expect(await sessionGuestIds(sessionId)).toEqual([userId]);
    await expect(claimGuest(userId, { username: "again", displayName: "x", email: null, passwordHash: "h", locale: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a taken username and changes nothing", async () => {
    await changeGuestSettings(sessionId, { allowed: true });
    const { userId } = await arrive("Rosa");
    await expect(claimGuest(userId, { username: "mia", displayName: "Rosa", email: null, passwordHash: "h", locale: null })).rejects.toMatchObject({ code: "USERNAME_TAKEN" });
    expect((await findUserById(userId))?.kind).toBe("guest");
  });
});
