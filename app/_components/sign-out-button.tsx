"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { forgetOfflineData } from "./offline-support";

/** Signs the user out, forgets this device's offline copies, and returns to the landing page. */
export function SignOutButton() {
  const t = useTranslations("nav");
  return (
    <button type="button" className="link-button" onClick={() => void forgetOfflineData().finally(() => signOut({ callbackUrl: "/" }))}>
      {t("signOut")}
    </button>
  );
}
