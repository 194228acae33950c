"use client";

import { useTranslations } from "next-intl";
import { forgetOfflineData } from "./offline-support";

/** Signs the user out, forgets this device's offline copies, and returns to the landing page. */
export function SignOutButton() {
  const t = useTranslations("nav");
  // next-auth's client is loaded when someone signs out, not with every page that shows this button.
  const signOut = async () => (await import("next-auth/react")).signOut({ callbackUrl: "/" });
  return (
    <button type="button" className="link-button" onClick={() => void forgetOfflineData().finally(signOut)}>
      {t("signOut")}
    </button>
  );
}
