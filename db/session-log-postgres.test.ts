import { beforeEach, describe, expect, it } from "vitest";
import { blocksFromMarkdown } from "../lib/article/markdown-import";
import { createArticle } from "./articles";
import { openFreshTestDatabase, transaction } from "./client";
import { engineName } from "./engine";
import { addMember, createGroup } from "./groups";
import { admitGuests, arriveAsGuest, changeGuestSettings, operationSessionWithRole, removeGuest } from "./guests";
import { applyOperation } from "./session-operations";
import { openOperationPostgres } from "./session-log-postgres";
import { changeSessionStatus, scheduleSession } from "./study-sessions";
import { person } from "./test-people";

describe.skipIf(engineName() !== "postgres")("session_operation_open (PostgreSQL)", () => {
  let owner = "";
  let member = "";
  let groupId = "";
  let sessionId = "";

  beforeEach(async () => {
    await openFreshTestDatabase();
    owner = await person("olga");
    member = await person("mia");
    groupId = (await createGroup({ name: "Sunday Readers", description: "", ownerId: owner })).id;
    await addMember(groupId, member, "member");
    const blocks = blocksFromMarkdown("Workers of the world read together.");
    const article = await createArticle({ groupId, title: "T", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "en", blocks, createdBy: owner });
    sessionId = (await scheduleSession({ groupId, articleId: article.id, title: "This week", scheduledAt: new Date(), createdBy: owner })).id;
    await changeGuestSettings(sessionId, { allowed: true });
  });

  const opened = (userId: string, clientOpId = "op-00000001") => transaction(() => openOperationPostgres(sessionId, userId, clientOpId));

  /** The role and session as the operation's one statement reads them, next to the separate query's answer (what SQLite asks). */
  async function bothRoles(userId: string): Promise<[unknown, unknown]> {
    return [(await opened(userId))?.role, (await operationSessionWithRole(sessionId, userId))?.role];
  }

  it("answers the same role as the separate query: owner, member, waiting and admitted guest, outsider, and a guest once the session ended", async () => {
    const guest = (await arriveAsGuest({ sessionId, displayName: "Rosa", locale: "es" })).userId;
    const outsider = await person("otto");
    expect(await bothRoles(owner)).toEqual(["owner", "owner"]);
    expect(await bothRoles(member)).toEqual(["member", "member"]);
    expect(await bothRoles(guest)).toEqual([null, null]);
    await admitGuests(sessionId, guest);
    expect(await bothRoles(guest)).toEqual(["guest", "guest"]);
    expect(await bothRoles(outsider)).toEqual([null, null]);
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    expect(await bothRoles(guest)).toEqual(["guest", "guest"]);
    await changeSessionStatus({ sessionId, to: "ended", actorId: owner, clientOpId: "end-op-0001" });
    expect(await bothRoles(guest)).toEqual([null, null]);
    expect(await bothRoles(owner)).toEqual(["owner", "owner"]);
  });

  it("answers null for a removed guest", async () => {
    const guest = (await arriveAsGuest({ sessionId, displayName: "Rosa", locale: "es" })).userId;
    await admitGuests(sessionId, guest);
    await removeGuest(sessionId, guest);
    expect(await bothRoles(guest)).toEqual([null, null]);
  });

  it("reads the session as the separate query does, the log's last number, and the number of the event an operation id already made", async () => {
    const separate = (await operationSessionWithRole(sessionId, member))!;
    expect(await opened(member)).toEqual({ session: separate.session, role: "member", previousSeq: null });
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    const live = { id: sessionId, groupId, status: "live" as const, text: "Workers of the world read together." };
    await applyOperation({
      session: live,
      actor: { id: member, name: "mia", role: "member" },
      clientOpId: "op-00000002",
      operation: { type: "message.create", messageId: "message-1", parentId: null, body: "Hello.", quote: null },
    });
    expect(await opened(member, "op-00000002")).toMatchObject({ session: { status: "live", lastSeq: 2 }, previousSeq: 2 });
    expect(await opened(member, "op-00000003")).toMatchObject({ session: { lastSeq: 2 }, previousSeq: null });
  });

  it("sees the event of a resend that committed while it waited for the log's lock", async () => {
    await changeSessionStatus({ sessionId, to: "live", actorId: owner, clientOpId: "start-op-01" });
    const live = { id: sessionId, groupId, status: "live" as const, text: "Workers of the world read together." };
    const send = () =>
      applyOperation({
        session: live,
        actor: { id: member, name: "mia", role: "member" },
        clientOpId: "op-00000002",
        operation: { type: "message.create", messageId: "message-1", parentId: null, body: "Hello.", quote: null },
      });
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = transaction(async () => {
      const outcome = await send();
      locked();
      await released;
      return outcome;
    });
    await lockHeld;
    // The same operation, sent again (another tab, another node) while the first has not committed.
    const resend = send();
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    expect(await first).toMatchObject({ event: { seq: 2 }, duplicate: false });
    expect(await resend).toMatchObject({ event: { seq: 2, clientOpId: "op-00000002", type: "message.create" }, duplicate: true });
  });

  it("answers nothing for a session that does not exist", async () => {
    expect(await transaction(() => openOperationPostgres("no-such-session", owner, "op-00000001"))).toBeUndefined();
  });
});
