import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it.each([
    ["/groups/abc", "/groups/abc"],
    ["/invite/tok?x=1#y", "/invite/tok?x=1#y"],
    ["/", "/"],
  ])("keeps the same-site path %s", (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    ["nothing", undefined],
    ["null", null],
    ["an empty string", ""],
    ["another host", "https://evil.example/"],
    ["a protocol-relative address", "//evil.example/path"],
    ["a backslash trick", "/\\evil.example"],
    ["a relative path", "groups/abc"],
    ["a javascript: address", "javascript:alert(1)"],
    ["a tab that browsers strip into //", "/\t/evil.example"],
    ["a newline that browsers strip into //", "/\n/evil.example"],
    ["a backslash later on", "/groups\\..\\..\\evil"],
  ])("turns %s into /", (_name, value) => {
    expect(safeReturnPath(value)).toBe("/");
  });
});
