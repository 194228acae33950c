import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./action-result";

const schema = z.object({
  name: z.string().trim().min(2, "The name needs at least 2 characters.").max(80),
  days: z.coerce.number().int().min(1).max(90),
  email: z.union([z.literal(""), z.email("That does not look like an e-mail address.")]).default(""),
  role: z.enum(["member", "facilitator"]),
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const good = { name: "Readers", days: "7", email: "", role: "member" };

describe("parseForm", () => {
  it("returns the parsed values", () => {
    expect(parseForm(schema, form(good))).toEqual({ name: "Readers", days: 7, email: "", role: "member" });
  });

  it.each([
    ["a missing field", { ...good, name: undefined }, { field: "name", reason: "required" }],
    ["only spaces", { ...good, name: "   " }, { field: "name", reason: "tooShort", limit: 2 }],
    ["a short text", { ...good, name: "R" }, { field: "name", reason: "tooShort", limit: 2 }],
    ["a long text", { ...good, name: "R".repeat(81) }, { field: "name", reason: "tooLong", limit: 80 }],
    ["a small number", { ...good, days: "0" }, { field: "days", reason: "tooSmall", limit: 1 }],
    ["a big number", { ...good, days: "91" }, { field: "days", reason: "tooBig", limit: 90 }],
    ["a bad e-mail address", { ...good, email: "not-an-address" }, { field: "email", reason: "invalid" }],
    ["an unknown choice", { ...good, role: "owner" }, { field: "role", reason: "invalid" }],
  ])("refuses %s with a BAD_REQUEST a page can translate", (_name, fields, details) => {
    const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Record<string, string>;
    expect(() => parseForm(schema, form(present))).toThrow(expect.objectContaining({ code: "BAD_REQUEST", details }));
  });

  it("keeps the schema's English message for logs and API readers", () => {
    expect(() => parseForm(schema, form({ ...good, name: "R" }))).toThrow("The name needs at least 2 characters.");
  });
});
