"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { ErrorBody, ErrorCode } from "@/lib/errors";

/** Reads next-auth's error text ("CODE" or "CODE:minutes") back into an error body. */
function signInError(text: string): ErrorBody {
  const [code = "INTERNAL", minutes] = text.split(":");
  const known: ErrorCode = code === "RATE_LIMITED" || code === "INVALID_CREDENTIALS" ? code : code === "CredentialsSignin" ? "INVALID_CREDENTIALS" : "INTERNAL";
  return { code: known, message: text, ...(minutes ? { details: { minutes: Number(minutes) } } : {}) };
}

/** Username-or-e-mail and password; on success returns to where the visitor was going. */
export function SignInForm({ returnTo }: { returnTo: string }) {
  const t = useTranslations("signIn");
  const router = useRouter();
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(formData: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      login: String(formData.get("login") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.error) {
      setError(signInError(result.error));
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
      aria-describedby={error ? "sign-in-error" : undefined}
    >
      <div id="sign-in-error">{error ? <ErrorMessage error={error} /> : null}</div>
      <div className="field">
        <label htmlFor="login">{t("login")}</label>
        <input id="login" name="login" autoComplete="username" required autoCapitalize="none" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="password">{t("password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {pending ? t("signingIn") : t("submit")}
      </button>
    </form>
  );
}
