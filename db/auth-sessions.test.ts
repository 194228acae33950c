import { beforeEach, describe, expect, it, vi } from "vitest";
import {
  createAuthSession,
  endAuthSession,
  endAuthSessions,
  endAuthSessionsOf,
  endOwnAuthSession,
  LAST_SEEN_RESOLUTION_MS,
  listAuthSessions,
  liveAuthSession,
  pruneAuthSessions,
  stillLiveAuthSessions,
} from "./auth-sessions";
import { openFreshTestDatabase } from "./client";
import { person } from "./test-people";

let ana = "";
let ben = "";

beforeEach(async () => {
  vi.useRealTimers();
  await openFreshTestDatabase();
  ana = await person("ana");
  ben = await person("ben");
});

describe("sign-in sessions", () => {
  it("each sign-in is its own live session until it is ended", async () => {
    const phone = await createAuthSession({ userId: ana, device: "Firefox on Android", address: "10.0.0.7" });
    const laptop = await createAuthSession({ userId: ana, device: "Chromium on Linux" });
    expect(await liveAuthSession(phone)).toEqual({ userId: ana, guestId: null });
    expect(await endAuthSession(phone)).toBe(true);
    expect(await liveAuthSession(phone)).toBeUndefined();
    expect(await endAuthSession(phone)).toBe(false);
    expect(await liveAuthSession(laptop)).toEqual({ userId: ana, guestId: null });
  });

  it("holds a guest's browser as well as an account's", async () => {
    const guest = await createAuthSession({ guestId: "guest-1", device: "Safari on iOS" });
    expect(await liveAuthSession(guest)).toEqual({ userId: null, guestId: "guest-1" });
    expect(await endAuthSessions([guest, "unknown"])).toEqual([guest]);
  });

  it("lists an account's sessions, most recently used first, never another account's", async () => {
    const first = await createAuthSession({ userId: ana, device: "Chromium on Linux", address: "10.0.0.1" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await createAuthSession({ userId: ana, device: "Firefox on Android" });
    await createAuthSession({ userId: ben, device: "Safari on iOS" });
    const listed = await listAuthSessions(ana);
    expect(listed.map((session) => session.id)).toEqual([second, first]);
    expect(listed[1]).toMatchObject({ device: "Chromium on Linux", address: "10.0.0.1", createdAt: expect.any(Date), lastSeenAt: expect.any(Date) });
  });

  it("notes a visit only when the last one is older than the resolution", async () => {
    const id = await createAuthSession({ userId: ana });
    const [before] = await listAuthSessions(ana);
    await liveAuthSession(id);
    expect((await listAuthSessions(ana))[0]!.lastSeenAt).toEqual(before!.lastSeenAt);
    vi.useFakeTimers({ now: Date.now() + LAST_SEEN_RESOLUTION_MS + 1000, toFake: ["Date"] });
    await liveAuthSession(id);
    expect((await listAuthSessions(ana))[0]!.lastSeenAt.getTime()).toBeGreaterThan(before!.lastSeenAt.getTime() + LAST_SEEN_RESOLUTION_MS);
  });

  it("ends one's own session but not someone else's", async () => {
    const anas = await createAuthSession({ userId: ana });
    expect(await endOwnAuthSession(ben, anas)).toEqual([]);
    expect(await liveAuthSession(anas)).toBeDefined();
    expect(await endOwnAuthSession(ana, anas)).toEqual([anas]);
  });

  it("ends every session of an account, or all but the one in use, and no other account's", async () => {
    const here = await createAuthSession({ userId: ana });
    const there = await createAuthSession({ userId: ana });
    const bens = await createAuthSession({ userId: ben });
    expect(await endAuthSessionsOf(ana, here)).toEqual([there]);
    expect(await stillLiveAuthSessions([here, there, bens])).toEqual(new Set([here, bens]));
    expect(await endAuthSessionsOf(ana)).toEqual([here]);
    expect(await stillLiveAuthSessions([here, bens])).toEqual(new Set([bens]));
  });

  it("prunes sessions unused since a moment", async () => {
    await createAuthSession({ userId: ana });
    expect(await pruneAuthSessions(new Date(Date.now() - 60_000))).toBe(0);
    expect(await pruneAuthSessions(new Date(Date.now() + 60_000))).toBe(1);
    expect(await listAuthSessions(ana)).toEqual([]);
  });
});
