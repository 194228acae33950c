import { beforeEach, describe, expect, it } from "vitest";
import { createArticle } from "../db/articles";
import { openFreshTestDatabase } from "../db/client";
import { addMember, createGroup } from "../db/groups";
import { changeSessionStatus, findSession, scheduleSession } from "../db/study-sessions";
import { createUser } from "../db/users";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { formatJoinCode } from "../lib/join-code";
import { joinByCode } from "./join-by-code";

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
