"use client";

import { useTranslations } from "next-intl";
import { createContext, useContext, useMemo } from "react";

const GuestMarks = createContext<ReadonlySet<string>>(new Set());

/** Tells every GuestBadge below it who came to the session as a guest. */
export function GuestMarksProvider({ guestIds, children }: { guestIds: readonly string[]; children: React.ReactNode }) {
  const marks = useMemo(() => new Set(guestIds), [guestIds]);
  return <GuestMarks.Provider value={marks}>{children}</GuestMarks.Provider>;
}

/** The "guest" mark beside a guest's name (nothing for members). */
export function GuestBadge({ userId }: { userId: string | null | undefined }) {
  const marks = useContext(GuestMarks);
  const t = useTranslations("guests");
  if (!userId || !marks.has(userId)) return null;
  return (
    <span className="guest-badge" data-testid="guest-badge">
      {t("badge")}
    </span>
  );
}
