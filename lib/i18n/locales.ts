/** The languages the interface speaks. */
export const locales = ["en", "es"] as const;

/** One interface language. */
export type Locale = (typeof locales)[number];

/** The language used when nothing else says. */
export const defaultLocale: Locale = "en";

/** The cookie that remembers a visitor's language choice. */
export const LOCALE_COOKIE = "sc_locale";

/** Whether a value names a supported language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** Picks the best supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const quality = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      return { language: tag.toLowerCase().split("-")[0] ?? "", quality: quality ? Number(quality.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  return ranked.map((entry) => entry.language).find(isLocale) ?? defaultLocale;
}

/** The cookie that tells the server the reader's time zone. */
export const TIME_ZONE_COOKIE = "sc_tz";

/** Whether a value is a time zone this runtime knows (guards the cookie). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
