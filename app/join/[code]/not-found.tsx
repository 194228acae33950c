import { getTranslations } from "next-intl/server";
import { JoinForm } from "../join-form";

/** A wrong or expired join code (or another group's): one answer for all, with a form to try again. */
export default async function JoinCodeNotFound() {
  const t = await getTranslations("join");
  return (
    <div className="page page-narrow join-page">
      <h1>{t("notFoundTitle")}</h1>
      <div className="card join-problem">
        <p role="alert" data-error-code="NOT_FOUND">
          {t("notFoundExplain")}
        </p>
        <JoinForm submitLabel={t("tryAgain")} />
      </div>
    </div>
  );
}
