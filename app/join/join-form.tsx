import "./join.css";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { JOIN_CODE_LENGTH } from "@/lib/join-code";

/**
 * The join-code form: one big field and one big button. A plain GET form to /join, so it
 * works before (or without) any JavaScript on a slow phone.
 */
export async function JoinForm({ submitLabel, autoFocus = false }: { submitLabel?: string; autoFocus?: boolean }) {
  const t = await getTranslations("join");
  return (
    <form action="/join" method="get" className="join-form">
      <label htmlFor="join-code">{t("code")}</label>
      <input
        id="join-code"
        name="code"
        className="join-code-input"
        required
        minLength={JOIN_CODE_LENGTH}
        maxLength={JOIN_CODE_LENGTH + 6}
        autoComplete="off"
        autoCapitalize="characters"
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="go"
        aria-describedby="join-code-hint"
        autoFocus={autoFocus}
      />
      <p id="join-code-hint" className="join-hint">
        {t("hint")}
      </p>
      <button type="submit" className="button join-submit">
        {submitLabel ?? t("submit")}
      </button>
    </form>
  );
}

/** A join code that did not open a session: what went wrong, and the form to try again. */
export async function JoinProblem({ title, message, code }: { title: string; message: string; code: "NOT_FOUND" | "RATE_LIMITED" }) {
  const t = await getTranslations("join");
  return (
    <div className="page page-narrow join-page">
      <h1>{title}</h1>
      <div className="card join-problem">
        <p role="alert" data-error-code={code}>
          {message}
        </p>
        <JoinForm submitLabel={t("tryAgain")} />
      </div>
    </div>
  );
}

/** For members who came to the guest form: sign in, then come back. */
export async function SignInInstead({ returnTo }: { returnTo: string }) {
  const t = await getTranslations("guests");
  return (
    <p className="join-note small" data-testid="join-sign-in">
      {t.rich("haveAccount", { link: (text) => <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`}>{text}</Link> })}
    </p>
  );
}
