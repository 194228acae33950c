/**
 * A count as the reader's language writes it ("1,000" in English, "12.345" in Spanish), for
 * messages that show a total which can pass a thousand. Below a thousand both languages write
 * the digits as they are, so no number formatter is made: in Chromium the first formatter a
 * page makes (of numbers or dates) costs about 20 ms while its data loads, and these counts are
 * drawn while the session page hydrates.
 */
export function countText(count: number, locale: string): string {
  if (Number.isInteger(count) && Math.abs(count) < 1000) return String(count);
  return count.toLocaleString(locale);
}
