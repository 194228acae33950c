import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { listAuthSessions } from "@/db/auth-sessions";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/server/accounts/password";
import { currentSignIn } from "@/server/accounts/current-user";
import { ActionForm } from "../_components/action-form";
import { changePasswordAction, deleteAccountAction, endOtherSessionsAction, signOutEverywhereAction, updateProfileAction } from "./actions";
import { SessionsList } from "./sessions-list";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("title") };
}

async function AccountPage() {
  const signedIn = await currentSignIn();
  if (!signedIn) redirect(`/sign-in?callbackUrl=${encodeURIComponent("/account")}`);
  // A guest has no account to manage: home is the one session they came for.
  if (signedIn.user.kind === "guest") redirect("/");
  const { user, sessionId } = signedIn;
  const [t, tSecurity, locale, sessions] = await Promise.all([getTranslations("account"), getTranslations("accountSecurity"), getLocale(), listAuthSessions(user.id)]);
  const others = sessions.filter((session) => session.id !== sessionId).length;
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead", { username: user.username })}</p>
      <div className="card">
        <ActionForm action={updateProfileAction} submitLabel={t("save")} successMessage={t("saved")}>
          <div className="field">
            <label htmlFor="displayName">{t("displayName")}</label>
            <input id="displayName" name="displayName" defaultValue={user.displayName} required maxLength={60} autoComplete="nickname" />
          </div>
          <div className="field">
            <label htmlFor="locale">{t("language")}</label>
            <select id="locale" name="locale" defaultValue={user.locale ?? locale}>
              <option value="en">English</option>
              <option value="es">Español</option>
            </select>
          </div>
        </ActionForm>
      </div>

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{tSecurity("passwordTitle")}</h2>
        <p className="muted small">{tSecurity("passwordExplain")}</p>
        <ActionForm action={changePasswordAction} submitLabel={tSecurity("changePassword")} successMessage={tSecurity("passwordChanged")} resetOnSuccess>
          {/* Lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" defaultValue={user.username} hidden readOnly aria-hidden="true" />
          <div className="field">
            <label htmlFor="currentPassword">{tSecurity("currentPassword")}</label>
            <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX_LENGTH} />
          </div>
          <div className="field">
            <label htmlFor="newPassword">{tSecurity("newPassword")}</label>
            <input
              id="newPassword"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              minLength={PASSWORD_MIN_LENGTH}
              maxLength={PASSWORD_MAX_LENGTH}
              aria-describedby="newPassword-hint"
            />
            <p id="newPassword-hint" className="hint">
              {tSecurity("newPasswordHint")}
            </p>
          </div>
        </ActionForm>
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{tSecurity("sessionsTitle")}</h2>
        <p className="muted small">{tSecurity("sessionsExplain")}</p>
        <SessionsList sessions={sessions} currentId={sessionId} />
        <div className="row">
          {others > 0 ? (
            <ActionForm
              action={endOtherSessionsAction}
              submitLabel={tSecurity("endOthers")}
              successMessage={tSecurity("othersEnded")}
              buttonClassName="button button-secondary button-small"
            />
          ) : (
            <p className="muted small">{tSecurity("noOthers")}</p>
          )}
          <ActionForm
            action={signOutEverywhereAction}
            submitLabel={tSecurity("signOutEverywhere")}
            submitAccessibleName={`${tSecurity("signOutEverywhere")}: ${tSecurity("signOutEverywhereExplain")}`}
            buttonClassName="button button-secondary button-small"
          />
        </div>
      </section>

      <section className="card" aria-labelledby="data-title">
        <h2 id="data-title">{tSecurity("dataTitle")}</h2>
        <p className="muted small">{tSecurity("dataExplain")}</p>
        <a className="button button-secondary button-small" href="/account/my-data" download>
          {tSecurity("download")}
        </a>
      </section>

      <section className="card card-quiet" aria-labelledby="delete-title">
        <h2 id="delete-title">{tSecurity("deleteTitle")}</h2>
        <p className="muted small">{tSecurity("deleteExplain", { formerMember: tSecurity("formerMember") })}</p>
        <ActionForm action={deleteAccountAction} submitLabel={tSecurity("deleteButton")} buttonClassName="button button-danger button-small" confirm={tSecurity("deleteConfirm")}>
          <label className="check-label" htmlFor="remove-contributions">
            <input type="checkbox" id="remove-contributions" name="removeContributions" />
            {tSecurity("deleteRemoveContributions")}
          </label>
          <div className="field">
            <label htmlFor="deletePassword">{tSecurity("deletePassword")}</label>
            <input id="deletePassword" name="password" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX_LENGTH} />
          </div>
        </ActionForm>
      </section>
    </div>
  );
}

export default withClientMessages(["common", "errors", "formErrors", "formFields"], AccountPage);
