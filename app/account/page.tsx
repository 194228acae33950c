import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/server/accounts/guards";
import { ActionForm } from "../_components/action-form";
import { updateProfileAction } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("account");
  return { title: t("title") };
}

export default async function AccountPage() {
  const user = await requireUser("/account");
  const [t, locale] = await Promise.all([getTranslations("account"), getLocale()]);
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
    </div>
  );
}
