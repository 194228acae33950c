import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../lib/article/blocks";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import type { Operation } from "../lib/protocol";
import { deleteAccount, exportAccountData } from "./accounts";
import { createArticle } from "./articles";
import { createAuthSession, listAuthSessions } from "./auth-sessions";
import { db, openFreshTestDatabase } from "./client";
import { addMember, changeRole, createGroup, listGroupsForUser, roleInGroup } from "./groups";
import type { Actor, SessionContext } from "./operation-context";
import { annotations, groups, messages, users } from "./schema";
import { applyOperation, sessionSnapshot } from "./session-operations";
import { scheduleSession } from "./study-sessions";
import { findUserForSignIn } from "./users";
import { person } from "./test-people";

const markdown = "The union met on Sunday.\n\nEveryone agreed to publish the minutes.";
let session: SessionContext;
let ana: Actor;
let ben: Actor;
let ops = 0;

beforeEach(async () => {
  await openFreshTestDatabase();
  const anaId = await person("ana");
  const benId = await person("ben");
  const group = await createGroup({ name: "Readers", description: "", ownerId: anaId });
  await addMember(group.id, benId, "member");
  const blocks = blocksFromMarkdown(markdown);
  const article = await createArticle({
    groupId: group.id,
    title: "Minutes",
    author: "",
    sourceName: "",
    sourceUrl: "",
    publishedOn: "",
    language: "en",
    blocks,
    createdBy: anaId,
  });
  const { id } = await scheduleSession({ groupId: group.id, articleId: article.id, title: "Sunday", scheduledAt: new Date(), createdBy: anaId });
  session = { id, groupId: group.id, status: "live", text: canonicalText(blocks) };
  ana = { id: anaId, name: "ana", role: "owner" };
  ben = { id: benId, name: "ben", role: "member" };
});

const run = (actor: Actor, operation: Operation) => applyOperation({ session, actor, clientOpId: `op-${++ops}-abcdefgh`, operation });

function note(annotationId: string, visibility: "shared" | "private", body: string): Operation {
  const exact = "publish the minutes";
  const start = session.text.indexOf(exact);
  return { type: "annotation.create", annotationId, kind: "key_point", visibility, passage: { start, end: start + exact.length, exact }, body };
}

async function benWrites(): Promise<void> {
  await run(ben, note("00000000-0000-4000-8000-000000000001", "shared", "Shared thought"));
  await run(ben, note("00000000-0000-4000-8000-000000000002", "private", "Secret thought"));
  await run(ben, { type: "message.create", messageId: "00000000-0000-4000-8000-000000000003", parentId: null, body: "Hello all", quote: null });
  await run(ana, note("00000000-0000-4000-8000-000000000004", "private", "Ana's own secret"));
}

describe("exportAccountData", () => {
  it("holds the profile, memberships and everything the person wrote, private notes included, and nobody else's", async () => {
    await benWrites();
    const data = await exportAccountData(ben.id);
    expect(data.profile).toMatchObject({ username: "ben", displayName: "ben" });
    expect(data.memberships).toEqual([expect.objectContaining({ group: "Readers", role: "member" })]);
    expect(data.annotations.map((item) => item.comment).sort()).toEqual(["Secret thought", "Shared thought"]);
    expect(data.annotations[0]).toMatchObject({ session: "Sunday", article: "Minutes", passage: "publish the minutes" });
    expect(data.messages).toEqual([expect.objectContaining({ session: "Sunday", body: "Hello all" })]);
    expect(JSON.stringify(data)).not.toContain("Ana's own secret");
    expect(JSON.stringify(data)).not.toContain("not-a-real-hash");
  });
});

describe("deleteAccount", () => {
  it("keeps shared words under a former member, drops private ones, memberships and every session", async () => {
    await benWrites();
    await createAuthSession({ userId: ben.id });
    const { endedSessions } = await deleteAccount(ben.id, { removeContributions: false, formerName: "A former member" });
    expect(endedSessions).toHaveLength(1);
    expect(await listAuthSessions(ben.id)).toEqual([]);
    expect(await roleInGroup(session.groupId, ben.id)).toBeNull();
    expect(await findUserForSignIn("ben")).toBeUndefined();

    const seen = await sessionSnapshot(session.id, { ...ana });
    expect(seen.annotations.map((item) => [item.body, item.authorName])).toEqual(expect.arrayContaining([["Shared thought", "A former member"]]));
    expect(JSON.stringify(seen)).not.toContain("Secret thought");
    expect(seen.messages.map((item) => [item.body, item.authorName])).toEqual([["Hello all", "A former member"]]);
    const [row] = await db().select().from(users).where(eq(users.id, ben.id));
    expect(row).toMatchObject({ email: null, passwordHash: "!", displayName: "A former member", deletedAt: expect.any(Date) });
  });

  it("removes their shared words too when asked", async () => {
    await benWrites();
    await deleteAccount(ben.id, { removeContributions: true, formerName: "A former member" });
    const kept = await db().select().from(annotations).where(eq(annotations.authorId, ben.id));
    expect(kept.every((row) => row.deletedAt && row.body === "")).toBe(true);
    const said = await db().select().from(messages).where(eq(messages.authorId, ben.id));
    expect(said.every((row) => row.deletedAt && row.body === "")).toBe(true);
    expect(JSON.stringify(await sessionSnapshot(session.id, { ...ana }))).not.toMatch(/Shared thought|Hello all/);
  });

  it("refuses the last owner of a group with other members, changing nothing; deletes a group they were alone in", async () => {
    await createAuthSession({ userId: ana.id });
    await expect(deleteAccount(ana.id, { removeContributions: false, formerName: "x" })).rejects.toMatchObject({ code: "LAST_OWNER" });
    expect(await listAuthSessions(ana.id)).toHaveLength(1);
    expect(await roleInGroup(session.groupId, ana.id)).toBe("owner");

    const solo = await createGroup({ name: "Only me", description: "", ownerId: ana.id });
    await changeRole(session.groupId, ben.id, "owner");
    await deleteAccount(ana.id, { removeContributions: false, formerName: "x" });
    expect(await db().select().from(groups).where(eq(groups.id, solo.id))).toEqual([]);
    expect((await listGroupsForUser(ben.id)).map((group) => group.name)).toEqual(["Readers"]);
  });
});
