import { beforeEach, describe, expect, it } from "vitest";
import { createArticle } from "../db/articles";
import { openFreshTestDatabase } from "../db/client";
import { addMember, createGroup } from "../db/groups";
import { changeSessionStatus, findSession, scheduleSession } from "../db/study-sessions";
import { createUser } from "../db/users";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { formatJoinCode } from "../lib/join-code";
import { changeGuestSettings, guestStanding } from "../db/guests";
import { joinAsGuest, joinByCode } from "./join-by-code";

let owner = "";
let member = "";
let outsider = "";
let sessionId = "";
let code = "";
let sessionPath = "";

async function person(name: string): Promise<string> {
  return (await createUser({ username: name, displayName: name, passwordHash: "x" })).id;
}

beforeEach(async () => {
  await openFreshTestDatabase();
  [owner, member, outsider] = (await Promise.all(["owner", "member", "outsider"].map(person))) as [string, string, string];
  const group = await createGroup({ name: "G", description: "", ownerId: owner });
  await addMember(group.id, member, "member");
  await createGroup({ name: "Other", description: "", ownerId: outsider });
  const article = await createArticle({
    groupId: group.id,
    title: "T",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks: blocksFromMarkdown("Some text."),
    createdBy: owner,
  });
  sessionId = (await scheduleSession({ groupId: group.id, articleId: article.id, title: "S", scheduledAt: new Date(), createdBy: owner })).id;
  code = (await findSession(sessionId))!.joinCode!;
  sessionPath = `/groups/${group.id}/sessions/${sessionId}`;
});

const join = (userId: string, typed: string, address = "198.51.100.7") => joinByCode({ code: typed, userId, address });

describe("joining by code", () => {
  it("opens a planned or live session for a member, however the code is typed", async () => {
    expect(await join(member, formatJoinCode(code).toLowerCase())).toEqual({ kind: "session", path: sessionPath });
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-1" });
    expect(await join(owner, code)).toEqual({ kind: "session", path: sessionPath });
  });

  it("gives a wrong code, an ended session's code and another group's code the same answer", async () => {
    expect(await join(member, "AAAAAA")).toEqual({ kind: "unknown" });
    expect(await join(outsider, code)).toEqual({ kind: "unknown" });
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-1" });
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: "end-op-12" });
    expect(await join(member, code)).toEqual({ kind: "unknown" });
  });

  it("stops looking at codes after ten wrong ones from a person, even at the right one", async () => {
    for (let attempt = 0; attempt < 10; attempt++) expect(await join(member, `WRONG${attempt}`)).toEqual({ kind: "unknown" });
    expect(await join(member, code)).toEqual({ kind: "rate_limited", minutes: 15 });
    expect(await join(owner, code)).toEqual({ kind: "session", path: sessionPath });
  });

  it("counts wrong codes per address too", async () => {
    const people = await Promise.all(Array.from({ length: 30 }, (_, index) => person(`guesser${index}`)));
    for (const guesser of people) await join(guesser, "AAAAAA", "203.0.113.9");
    expect(await join(member, code, "203.0.113.9")).toMatchObject({ kind: "rate_limited" });
    expect(await join(member, code, "203.0.113.10")).toEqual({ kind: "session", path: sessionPath });
  });
});

describe("joining as a guest", () => {
  const arrive = (typed: string, address = "198.51.100.20") => joinAsGuest({ code: typed, displayName: "Rosa", locale: "en", address });

  it("takes nobody while the session takes no guests, with the answer a wrong code gets", async () => {
    await expect(arrive(code)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(arrive("AAAAAA")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets a guest wait at the session's door, and sends them back to it whatever code they type next", async () => {
    await changeGuestSettings(sessionId, { allowed: true });
    const guest = await arrive(formatJoinCode(code).toLowerCase());
    expect(await guestStanding(sessionId, guest.userId)).toBe("waiting");
    expect(await join(guest.userId, "AAAAAA")).toEqual({ kind: "session", path: sessionPath });
  });

  it("lets an account from outside the group in as a guest, but only while the session takes guests", async () => {
    await changeGuestSettings(sessionId, { allowed: true, admitAutomatically: true });
    expect(await join(outsider, code)).toEqual({ kind: "session", path: sessionPath });
    expect(await guestStanding(sessionId, outsider)).toBe("admitted");
  });

  it("stops looking at codes after ten wrong ones from an address, even at the right one, and an ended session's code takes nobody", async () => {
    await changeGuestSettings(sessionId, { allowed: true });
    for (let attempt = 0; attempt < 10; attempt++) await expect(arrive(`WRONG${attempt}`, "203.0.113.50")).rejects.toMatchObject({ code: /NOT_FOUND|RATE_LIMITED/ });
    await expect(arrive(code, "203.0.113.50")).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-1" });
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: "end-op-12" });
    await expect(arrive(code, "203.0.113.51")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
