import { describe, expect, it } from "vitest";
import {
  ackErrorSchema,
  clientMessageSchemas,
  clientOpIdSchema,
  helloSchema,
  MAX_MESSAGE_BYTES,
  presenceChangesSchema,
  sessionJoinedSchema,
  sessionJoinSchema,
  sessionLeaveSchema,
  sessionSetStatusSchema,
  sessionStatusSchema,
} from "./protocol";

const sessionId = "0b6f1f8e-58a1-4c1e-9d7a-2f1e0c9b7a11";
const clientOpId = "3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d";

describe("session:join and session:leave", () => {
  it.each([
    ["a uuid", { sessionId }],
    ["a short id", { sessionId: "s1" }],
  ])("accept %s", (_name, payload) => {
    expect(sessionJoinSchema.safeParse(payload).success).toBe(true);
    expect(sessionLeaveSchema.safeParse(payload).success).toBe(true);
  });

  it.each([
    ["no payload", undefined],
    ["a string instead of an object", sessionId],
    ["an array", [sessionId]],
    ["a missing id", {}],
    ["an empty id", { sessionId: "" }],
    ["a number id", { sessionId: 42 }],
    ["an id with spaces", { sessionId: "a b" }],
    ["an id with a path", { sessionId: "../groups" }],
    ["an id longer than 64 characters", { sessionId: "a".repeat(65) }],
    ["an extra field (rooms are the server's choice)", { sessionId, room: "session:other" }],
  ])("refuse %s", (_name, payload) => {
    expect(sessionJoinSchema.safeParse(payload).success).toBe(false);
    expect(sessionLeaveSchema.safeParse(payload).success).toBe(false);
  });
});

describe("session:setStatus", () => {
  it.each(["live", "ended"])("accepts a move to %s", (status) => {
    expect(sessionSetStatusSchema.parse({ sessionId, clientOpId, status })).toEqual({ sessionId, clientOpId, status });
  });

  it.each([
    ["a move back to planned", { sessionId, clientOpId, status: "planned" }],
    ["an unknown status", { sessionId, clientOpId, status: "paused" }],
    ["no operation id", { sessionId, status: "live" }],
    ["a too short operation id", { sessionId, clientOpId: "abc", status: "live" }],
    ["an operation id with symbols", { sessionId, clientOpId: "op id with spaces!", status: "live" }],
    ["an extra field", { sessionId, clientOpId, status: "live", seq: 3 }],
    ["no session", { clientOpId, status: "live" }],
  ])("refuses %s", (_name, payload) => {
    expect(sessionSetStatusSchema.safeParse(payload).success).toBe(false);
  });
});

describe("clientOpIdSchema", () => {
  it.each([
    ["8 characters", "abcdefgh", true],
    ["64 characters", "a".repeat(64), true],
    ["7 characters", "abcdefg", false],
    ["65 characters", "a".repeat(65), false],
    ["a dot", "abcd.efgh", false],
  ])("%s → %s", (_name, value, ok) => {
    expect(clientOpIdSchema.safeParse(value).success).toBe(ok);
  });
});

describe("server messages", () => {
  it("presence changes name a newcomer once, by id and name (and role, unless a member), then by number", () => {
    const ana = "AAAAAAAAQACAAAAAAAAAAA Ana Torres";
    const ok = (changes: object) => presenceChangesSchema.safeParse({ sessionId, ...changes }).success;
    expect(ok({ joined: [0, ana] })).toBe(true);
    expect(ok({ joined: [3, [ana, "facilitator"], ".u-1 Rosa", 9, [".u-2 Ned", "guest"]] })).toBe(true);
    expect(ok({ left: [2], moved: { 3: "b7", 4: null }, typing: [5], idle: [6] })).toBe(true);
    expect(ok({})).toBe(true);
    // The joined list starts with the first newcomer's number.
    expect(ok({ joined: [ana] })).toBe(false);
    expect(ok({ joined: [] })).toBe(false);
    // A member is named without a role; no other role than the session's.
    expect(ok({ joined: [0, [ana, "member"]] })).toBe(false);
    expect(ok({ joined: [0, [ana, "admin"]] })).toBe(false);
    expect(ok({ joined: [0, [ana, "owner", "extra"]] })).toBe(false);
    // An entry is an id, a space and a name: a UUID in 22 characters, any other id after a dot.
    expect(ok({ joined: [0, "AAAAAAAAQACAAAAAAAAAAA"] })).toBe(false);
    expect(ok({ joined: [0, "u1 Ana"] })).toBe(false);
    expect(ok({ joined: [0, ". Ana"] })).toBe(false);
    expect(ok({ joined: [0, "AAAAAAAAQACAAAAAAAA+AA Ana"] })).toBe(false);
    expect(ok({ joined: [0, { userId: "u1", displayName: "Ana", role: "owner" }] })).toBe(false);
    expect(ok({ joined: [-1, ana] })).toBe(false);
    expect(ok({ joined: [1.5, ana] })).toBe(false);
    // Numbers, not user ids, once named.
    expect(ok({ left: ["u2"] })).toBe(false);
    expect(ok({ moved: { u3: "b7" } })).toBe(false);
    expect(ok({ moved: { 3: "not an id" } })).toBe(false);
    expect(ok({ typing: { 5: true } })).toBe(false);
    expect(ok({ idle: ["6"] })).toBe(false);
    expect(ok({ members: [] })).toBe(false);
  });

  it("a join's reply carries the whole list as a numbered delta from nobody", () => {
    const catchUp = { kind: "events", events: [], lastSeq: 0 };
    expect(sessionJoinedSchema.safeParse({ sessionId, presence: { joined: [0, ".u1 Ana"], moved: { 0: "b1" } }, catchUp }).success).toBe(true);
    expect(sessionJoinedSchema.safeParse({ sessionId, presence: {}, catchUp }).success).toBe(true);
    expect(sessionJoinedSchema.safeParse({ sessionId, members: [], catchUp }).success).toBe(false);
  });

  it("hello carries an integer protocol version", () => {
    expect(helloSchema.safeParse({ protocolVersion: 1, userId: "u1" }).success).toBe(true);
    expect(helloSchema.safeParse({ protocolVersion: 1.5, userId: "u1" }).success).toBe(false);
    expect(helloSchema.safeParse({ protocolVersion: "1", userId: "u1" }).success).toBe(false);
  });

  it("session:status names one of the three statuses and a sequence number", () => {
    expect(sessionStatusSchema.safeParse({ sessionId, seq: 4, status: "planned" }).success).toBe(true);
    expect(sessionStatusSchema.safeParse({ sessionId, seq: 4, status: "over" }).success).toBe(false);
    expect(sessionStatusSchema.safeParse({ sessionId, seq: "4", status: "live" }).success).toBe(false);
  });

  it("an error ack has a known code and a message", () => {
    expect(ackErrorSchema.safeParse({ code: "NOT_FOUND", message: "No." }).success).toBe(true);
    expect(ackErrorSchema.safeParse({ code: "TEAPOT", message: "No." }).success).toBe(false);
    expect(ackErrorSchema.safeParse({ code: "NOT_FOUND" }).success).toBe(false);
  });
});

describe("the protocol table", () => {
  it("has a schema for every client message", () => {
    expect(Object.keys(clientMessageSchemas).sort()).toEqual([
      "guests:admit",
      "guests:remove",
      "guests:roster",
      "guests:settings",
      "presence:reading",
      "presence:typing",
      "session:join",
      "session:leave",
      "session:operation",
      "session:setStatus",
    ]);
  });

  it("limits messages well below Socket.IO's 1 MB default", () => {
    expect(MAX_MESSAGE_BYTES).toBeLessThanOrEqual(128 * 1024);
  });
});
