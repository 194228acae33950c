/** How far a question's time box has run: what is left, or how far over it is. */
export type Countdown = {
  /** "04:59" while time is left, "+01:02" when over; "12:04" elapsed when there is no time box. */
  label: string;
  /** Milliseconds left in the time box (negative when over), or null without a time box. */
  remainingMs: number | null;
  /** The time box is used up. */
  overtime: boolean;
  /** Less than a minute is left. */
  ending: boolean;
  /** How much of the time box is used, 0 to 1 (1 when over), or null without a time box. */
  fraction: number | null;
};

/** A duration as a clock: "4:05" → "04:05", an hour or more as "1:02:03". Rounds down to whole seconds. */
export function formatClock(milliseconds: number): string {
  const total = Math.floor(Math.max(0, milliseconds) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, "0");
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * The countdown of the current question, from when the facilitator made it current and its
 * time box; without a time box it counts the time spent instead. Time left is rounded up
 * (a fresh five-minute box reads 05:00), overtime rounded down, so the clock never shows
 * "00:00" twice.
 */
export function countdown(input: { startedAt: number; timeBoxMinutes: number | null; now: number }): Countdown {
  const elapsed = Math.max(0, input.now - input.startedAt);
  if (input.timeBoxMinutes === null) return { label: formatClock(elapsed), remainingMs: null, overtime: false, ending: false, fraction: null };
  const box = input.timeBoxMinutes * 60_000;
  const remaining = box - elapsed;
  if (remaining > 0) {
    return { label: formatClock(Math.ceil(remaining / 1000) * 1000), remainingMs: remaining, overtime: false, ending: remaining <= 60_000, fraction: elapsed / box };
  }
  return { label: `+${formatClock(-remaining)}`, remainingMs: remaining, overtime: true, ending: false, fraction: 1 };
}
