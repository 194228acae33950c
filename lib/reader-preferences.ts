/** The cookie that remembers the reader's theme. */
export const THEME_COOKIE = "sc-theme";

/** The cookie that remembers the reader's text size. */
export const TEXT_SIZE_COOKIE = "sc-text-size";

/** The text sizes a reader can step through, as percentages of the default. */
export const textSizes = [80, 90, 100, 115, 130, 150, 175, 200] as const;

/** One of the text sizes. */
export type TextSize = (typeof textSizes)[number];

/** The remembered text size, or 100 for anything else. */
export function parseTextSize(value: string | undefined): TextSize {
  const size = Number(value);
  return (textSizes as readonly number[]).includes(size) ? (size as TextSize) : 100;
}

/** The next text size up (+1) or down (-1), staying within the steps. */
export function stepTextSize(size: TextSize, direction: 1 | -1): TextSize {
  const index = textSizes.indexOf(size);
  return textSizes[Math.max(0, Math.min(textSizes.length - 1, index + direction))]!;
}

/** The remembered theme: "dark", or "light" for anything else. */
export function parseTheme(value: string | undefined): "light" | "dark" {
  return value === "dark" ? "dark" : "light";
}

/** A cookie that keeps a preference for a year on this browser. */
export function preferenceCookie(name: string, value: string): string {
  return `${name}=${value}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
