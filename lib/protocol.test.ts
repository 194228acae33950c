import { describe, expect, it } from "vitest";
import {
  ackErrorSchema,
  clientMessageSchemas,
  clientOpIdSchema,
  helloSchema,
  MAX_MESSAGE_BYTES,
  presenceChangesSchema,
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
  it("presence changes name newcomers by who they are, those gone by id, paragraphs and typing by id", () => {
    const person = { userId: "u1", displayName: "Ana", role: "owner" };
    expect(presenceChangesSchema.safeParse({ sessionId, joined: [person] }).success).toBe(true);
    expect(presenceChangesSchema.safeParse({ sessionId, left: ["u2"], moved: { u3: "b7", u4: null }, typing: { u5: true } }).success).toBe(true);
    expect(presenceChangesSchema.safeParse({ sessionId, joined: [{ ...person, role: "admin" }] }).success).toBe(false);
    expect(presenceChangesSchema.safeParse({ sessionId, joined: [{ ...person, email: "a@b.c" }] }).success).toBe(false);
    expect(presenceChangesSchema.safeParse({ sessionId, joined: [{ ...person, blockId: "b1" }] }).success).toBe(false);
    expect(presenceChangesSchema.safeParse({ sessionId, moved: { "not an id": "b7" } }).success).toBe(false);
    expect(presenceChangesSchema.safeParse({ sessionId, typing: { u5: "yes" } }).success).toBe(false);
    expect(presenceChangesSchema.safeParse({ sessionId, members: [person] }).success).toBe(false);
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
