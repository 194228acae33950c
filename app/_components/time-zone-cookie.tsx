"use client";

import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/i18n/locales";

type WithTemporal = { Temporal?: { Now: { timeZoneId(): string } } };

/**
 * The browser's time zone. `Temporal` answers at once; `Intl.DateTimeFormat` loads the
 * browser's date and number formatting first (a few hundred milliseconds on a slow phone), so
 * it is asked only where `Temporal` is missing.
 */
function browserTimeZone(): string {
  return (globalThis as WithTemporal).Temporal?.Now.timeZoneId() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Remembers the browser's time zone in a cookie, so server-rendered dates use the reader's clock. */
export function TimeZoneCookie({ current }: { current: string | undefined }) {
  useEffect(() => {
    const zone = browserTimeZone();
    if (zone && zone !== current) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }, [current]);
  return null;
}
