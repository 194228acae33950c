import { describe, expect, it } from "vitest";
import { mentionedUsernames } from "./mentions";

describe("mentionedUsernames", () => {
  it.each([
    ["@ana what do you think?", ["ana"]],
    ["Thanks @Ben_O and @ana, and @ana again.", ["ben_o", "ana"]],
    ["mail me at someone@example.org", []],
    ["(@ben.) ok", ["ben"]],
    ["@ab is too short", []],
  ])("%s", (body, expected) => {
    expect(mentionedUsernames(body)).toEqual(expected);
  });
});
