/** What is left of a time box: "4:05", or how far over it is ("+1:20"). */
export function countdown(startedAt: number, minutes: number, now: number): { text: string; overtime: boolean; secondsLeft: number } {
  const secondsLeft = Math.round((startedAt + minutes * 60_000 - now) / 1000);
  const overtime = secondsLeft < 0;
  const total = Math.abs(secondsLeft);
  const text = `${overtime ? "+" : ""}${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
  return { text, overtime, secondsLeft };
}
