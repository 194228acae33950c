import "./join.css";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { JoinCodeField } from "./join-code-field";

/**
 * The join-code form: one big field and one big button. A plain GET form to /join, so it
 * works before (or without) any JavaScript on a slow phone.
 */
export async function JoinForm({ submitLabel, autoFocus = false }: { submitLabel?: string; autoFocus?: boolean }) {
  const t = await getTranslations("join");
  return (
    <form action="/join" method="get" className="join-form">
      <JoinCodeField label={t("code")} hint={t("hint")} enterKeyHint="go" autoFocus={autoFocus} />
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
