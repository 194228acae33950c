import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/app/_components/action-form";
import { findPasswordReset, type PasswordResetTarget } from "@/db/password-resets";
import { AppError } from "@/lib/errors";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/server/accounts/password";
import { resetPasswordAction } from "./actions";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata() {
  return { title: (await getTranslations("resetLink"))("title") };
}

/** A single-use reset link handed over by a group owner: choose a new password. */
async function ResetPage({ params }: Params) {
  const { token } = await params;
  const t = await getTranslations("resetLink");
  let target: PasswordResetTarget | null = null;
  try {
    target = await findPasswordReset(token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      {target ? (
        <>
          <p className="lead">{t("forAccount", { name: target.displayName, username: target.username })}</p>
          <div className="card">
            <ActionForm action={resetPasswordAction.bind(null, token)} submitLabel={t("save")}>
              <input type="hidden" name="username" autoComplete="username" value={target.username} readOnly />
              <div className="field">
                <label htmlFor="new-password">{t("password")}</label>
                <input
                  id="new-password"
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  required
                  minLength={PASSWORD_MIN_LENGTH}
                  maxLength={PASSWORD_MAX_LENGTH}
                  aria-describedby="new-password-hint"
                />
                <span id="new-password-hint" className="hint">
                  {t("hint", { min: PASSWORD_MIN_LENGTH })}
                </span>
              </div>
            </ActionForm>
          </div>
        </>
      ) : (
        <p className="alert alert-error" role="alert">
          {t("invalid")}
        </p>
      )}
    </div>
  );
}

export default withClientMessages(["common", "errors", "formErrors", "formFields"], ResetPage);
