import { describe, expect, it } from "vitest";
import { can, type SessionRole } from "./roles";

// Who may do what: one row per decision, one column per role (a guest of one session, and a non-member).
const table: Record<keyof typeof can, Record<SessionRole | "outsider", boolean>> = {
  viewGroup:       { owner: true,  facilitator: true,  member: true,  guest: false, outsider: false },
  joinSession:     { owner: true,  facilitator: true,  member: true,  guest: true,  outsider: false },
  createInvite:    { owner: true,  facilitator: true,  member: false, guest: false, outsider: false },
  addArticle:      { owner: true,  facilitator: true,  member: false, guest: false, outsider: false },
  scheduleSession: { owner: true,  facilitator: true,  member: false, guest: false, outsider: false },
  runSession:      { owner: true,  facilitator: true,  member: false, guest: false, outsider: false },
  admitGuests:     { owner: true,  facilitator: true,  member: false, guest: false, outsider: false },
  manageMembers:   { owner: true,  facilitator: false, member: false, guest: false, outsider: false },
};

describe("can", () => {
  it("has a row in this table for every decision", () => {
    expect(Object.keys(can).sort()).toEqual(Object.keys(table).sort());
  });

  const cases = Object.entries(table).flatMap(([decision, row]) =>
    Object.entries(row).map(([who, allowed]) => [decision as keyof typeof can, who as SessionRole | "outsider", allowed] as const),
  );
  it.each(cases)("%s by %s → %s", (decision, who, allowed) => {
    expect(can[decision](who === "outsider" ? null : who)).toBe(allowed);
  });
});
