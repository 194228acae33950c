"use client";

import { useEffect } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/i18n/locales";

/** Remembers the browser's time zone in a cookie, so server-rendered dates use the reader's clock. */
export function TimeZoneCookie({ current }: { current: string | undefined }) {
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== current) document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
  }, [current]);
  return null;
}
