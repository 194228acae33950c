import { describe, expect, it } from "vitest";
import { formatJoinCode, JOIN_CODE_LENGTH, newJoinCode, normaliseJoinCode } from "./join-code";

describe("join codes", () => {
  it("are six characters without look-alikes", () => {
    for (let i = 0; i < 200; i++) expect(newJoinCode()).toMatch(new RegExp(`^[A-HJKMNP-Z2-9]{${JOIN_CODE_LENGTH}}$`));
  });

  it("ignore case, spaces and dashes when typed", () => {
    expect(normaliseJoinCode(" k7m-q2p ")).toBe("K7MQ2P");
  });

  it("read in two groups", () => {
    expect(formatJoinCode("K7MQ2P")).toBe("K7M Q2P");
  });
});
