import { getTranslations } from "next-intl/server";
import { JoinProblem } from "../join-form";

/** A wrong or expired join code (or another group's): one answer for all, with a form to try again. */
export default async function JoinCodeNotFound() {
  const t = await getTranslations("join");
  return <JoinProblem title={t("notFoundTitle")} message={t("notFoundExplain")} code="NOT_FOUND" />;
}
