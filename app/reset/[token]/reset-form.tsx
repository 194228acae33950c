"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import { resetPasswordAction } from "./actions";

/** The new password, once; afterwards the way to sign in with it. */
export function ResetForm({ token, username, minLength, maxLength }: { token: string; username: string; minLength: number; maxLength: number }) {
  const t = useTranslations("passwordReset");
  const tAccount = useTranslations("accountSecurity");
  const [result, formAction, pending] = useActionState(resetPasswordAction.bind(null, token), null);
  if (result?.ok) {
    return (
      <div className="stack">
        <p className="alert alert-ok" role="status">
          {t("done")}
        </p>
        <Link className="button" href="/sign-in">
          {t("signIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction}>
      {result && !result.ok ? <ErrorMessage error={result.error} /> : null}
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" defaultValue={username} hidden readOnly />
      <div className="field">
        <label htmlFor="newPassword">{t("newPassword")}</label>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          maxLength={maxLength}
          aria-describedby="newPassword-hint"
        />
        <p id="newPassword-hint" className="hint">
          {tAccount("newPasswordHint")}
        </p>
      </div>
      <button type="submit" className="button" disabled={pending}>
        {t("submit")}
      </button>
    </form>
  );
}
