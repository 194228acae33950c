"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";

/** Signs the user out and returns to the landing page. */
export function SignOutButton() {
  const t = useTranslations("nav");
  return (
    <button type="button" className="link-button" onClick={() => void signOut({ callbackUrl: "/" })}>
      {t("signOut")}
    </button>
  );
}
