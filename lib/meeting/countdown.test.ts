import { describe, expect, it } from "vitest";
import { countdown } from "./countdown";

describe("countdown", () => {
  it("counts down what is left of the time box", () => {
    expect(countdown(0, 5, 55_000)).toEqual({ text: "4:05", overtime: false, secondsLeft: 245 });
  });

  it("shows how far over time the question is", () => {
    expect(countdown(0, 1, 140_000)).toEqual({ text: "+1:20", overtime: true, secondsLeft: -80 });
  });

  it("reaches zero exactly at the end", () => {
    expect(countdown(1000, 2, 121_000).text).toBe("0:00");
  });
});
