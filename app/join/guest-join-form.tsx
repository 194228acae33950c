"use client";

import { signIn } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { ErrorBody } from "@/lib/errors";
import { normaliseJoinCode } from "@/lib/join-code";
import { JoinCodeField } from "./join-code-field";

/** Reads next-auth's error text ("CODE" or "CODE:minutes") back into an error body. */
function arrivalError(text: string, notFound: string): ErrorBody {
  const [code, minutes] = text.split(":");
  if (code === "RATE_LIMITED") return { code, message: text, details: { minutes: Number(minutes ?? 15) } };
  if (code === "NOT_FOUND" || code === "BAD_REQUEST") return { code: "NOT_FOUND", message: notFound };
  return { code: "INTERNAL", message: text };
}

/**
 * Joining a session without an account: the code and a display name, nothing more. Signs in
 * as a guest of that one session (next-auth, like members), then opens the session.
 */
export function GuestJoinForm({ code }: { code?: string }) {
  const t = useTranslations("guests");
  const tJoin = useTranslations("join");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(formData: FormData) {
    setPending(true);
    setError(null);
    const typed = normaliseJoinCode(String(formData.get("code") ?? ""));
    const result = await signIn("guest", { code: typed, displayName: String(formData.get("displayName") ?? ""), locale, redirect: false });
    if (result?.error) {
      setPending(false);
      setError(arrivalError(result.error, t("notFound")));
      return;
    }
    router.push(`/join/${encodeURIComponent(typed)}`);
    router.refresh();
  }

  return (
    <form
      method="post"
      className="join-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(new FormData(event.currentTarget));
      }}
    >
      <div id="guest-join-error">
        {error ? (
          error.code === "NOT_FOUND" ? (
            <p className="alert alert-error" role="alert" data-error-code="NOT_FOUND">
              {error.message}
            </p>
          ) : (
            <ErrorMessage error={error} />
          )
        ) : null}
      </div>
      <JoinCodeField label={tJoin("code")} hint={tJoin("hint")} defaultValue={code} autoFocus={!code} />
      <label htmlFor="guest-name">{t("name")}</label>
      <input
        id="guest-name"
        name="displayName"
        className="join-name-input"
        required
        maxLength={60}
        autoComplete="nickname"
        enterKeyHint="go"
        aria-describedby="guest-name-hint"
        autoFocus={Boolean(code)}
      />
      <p id="guest-name-hint" className="join-hint">
        {t("nameHint")}
      </p>
      <button type="submit" className="button join-submit" disabled={pending}>
        {pending ? t("joining") : t("submit")}
      </button>
    </form>
  );
}
