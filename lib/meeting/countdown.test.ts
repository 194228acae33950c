import { describe, expect, it } from "vitest";
import { countdown, formatClock } from "./countdown";

const start = 1_700_000_000_000;
const at = (seconds: number) => start + seconds * 1000;

describe("formatClock", () => {
  it.each([
    [0, "00:00"],
    [999, "00:00"],
    [5_000, "00:05"],
    [65_000, "01:05"],
    [59 * 60_000 + 59_000, "59:59"],
    [3_600_000 + 2 * 60_000 + 3_000, "1:02:03"],
    [-5_000, "00:00"],
  ])("%d ms → %s", (ms, label) => {
    expect(formatClock(ms)).toBe(label);
  });
});

describe("countdown", () => {
  it("starts at the whole time box", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: start })).toMatchObject({ label: "05:00", overtime: false, ending: false, fraction: 0 });
  });

  it("counts down, rounding the seconds left up", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: at(0.4) }).label).toBe("05:00");
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: at(1) }).label).toBe("04:59");
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: at(150) })).toMatchObject({ label: "02:30", fraction: 0.5, remainingMs: 150_000 });
  });

  it("warns in the last minute", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: at(239) }).ending).toBe(false);
    expect(countdown({ startedAt: start, timeBoxMinutes: 5, now: at(240) })).toMatchObject({ label: "01:00", ending: true });
  });

  it("shows overtime with a plus, never 00:00 twice", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: 1, now: at(59.5) }).label).toBe("00:01");
    expect(countdown({ startedAt: start, timeBoxMinutes: 1, now: at(60) })).toMatchObject({ label: "+00:00", overtime: true, fraction: 1 });
    expect(countdown({ startedAt: start, timeBoxMinutes: 1, now: at(60 + 62) })).toMatchObject({ label: "+01:02", overtime: true, remainingMs: -62_000 });
  });

  it("counts time spent when there is no time box", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: null, now: at(724) })).toEqual({ label: "12:04", remainingMs: null, overtime: false, ending: false, fraction: null });
  });

  it("treats a clock slightly behind the server as no time spent", () => {
    expect(countdown({ startedAt: start, timeBoxMinutes: 3, now: start - 2_000 }).label).toBe("03:00");
  });
});
