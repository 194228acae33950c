"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { ErrorBody } from "@/lib/errors";
import type { ActionResult } from "@/server/action-result";
import { signUpAction } from "./actions";

/** Creates the account, signs in with it and returns to where the visitor was going. */
export function SignUpForm({ returnTo, locale, displayName }: { returnTo: string; locale: string; displayName?: string }) {
  const t = useTranslations("signUp");
  const router = useRouter();
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(formData: FormData) {
    setPending(true);
    setError(null);
    const result: ActionResult = await signUpAction(null, formData);
    if (!result?.ok) {
      setPending(false);
      if (result) setError(result.error);
      return;
    }
    const signedIn = await signIn("credentials", { login: result.value, password: String(formData.get("password")), redirect: false });
    setPending(false);
    if (signedIn?.error) {
      setError({ code: "INTERNAL", message: signedIn.error });
      return;
    }
    router.push(returnTo);
    router.refresh();
  }

  return (
    <form
      method="post"
      onSubmit={(event) => {
        // Not a form action: React would clear the fields after a refusal, and the visitor would retype everything.
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }}
    >
      {error ? <ErrorMessage error={error} /> : null}
      <div className="field">
        <label htmlFor="username">{t("username")}</label>
        <input id="username" name="username" autoComplete="username" required minLength={3} maxLength={32} pattern="[a-zA-Z0-9_.\-]+" autoCapitalize="none" spellCheck={false} aria-describedby="username-hint" />
        <span className="hint" id="username-hint">
          {t("usernameHint")}
        </span>
      </div>
      <div className="field">
        <label htmlFor="displayName">{t("displayName")}</label>
        <input id="displayName" name="displayName" autoComplete="nickname" required maxLength={60} defaultValue={displayName} />
      </div>
      <div className="field">
        <label htmlFor="email">{t("email")}</label>
        <input id="email" name="email" type="email" autoComplete="email" aria-describedby="email-hint" />
        <span className="hint" id="email-hint">
          {t("emailHint")}
        </span>
      </div>
      <div className="field">
        <label htmlFor="password">{t("password")}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={10} aria-describedby="password-hint" />
        <span className="hint" id="password-hint">
          {t("passwordHint")}
        </span>
      </div>
      <div className="field">
        <label htmlFor="locale">{t("language")}</label>
        <select id="locale" name="locale" defaultValue={locale}>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? t("creating") : t("submit")}
      </button>
    </form>
  );
}
