import { getFormatter, getTranslations } from "next-intl/server";
import { findPasswordReset, type PasswordResetTarget } from "@/db/password-resets";
import { AppError, toErrorBody } from "@/lib/errors";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/server/accounts/password";
import { ResetForm } from "./reset-form";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata() {
  const t = await getTranslations("passwordReset");
  return { title: t("title"), referrer: "no-referrer" as const };
}

/** Opened from a reset link an owner handed over: sets a new password for that account, once. */
export default async function ResetPage({ params }: Params) {
  const { token } = await params;
  const [t, tErrors, format] = await Promise.all([getTranslations("passwordReset"), getTranslations("errors"), getFormatter()]);
  let target: PasswordResetTarget;
  try {
    target = await findPasswordReset(token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const body = toErrorBody(error);
    return (
      <div className="page page-narrow">
        <h1>{t("unusable")}</h1>
        <p className="alert alert-error" role="alert">
          {tErrors.has(body.code) ? tErrors(body.code, { message: body.message }) : body.message}
        </p>
      </div>
    );
  }
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">
        {t("lead", { username: target.username, name: target.displayName, expires: format.dateTime(target.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}
      </p>
      <div className="card">
        <ResetForm token={token} username={target.username} minLength={PASSWORD_MIN_LENGTH} maxLength={PASSWORD_MAX_LENGTH} />
      </div>
    </div>
  );
}
