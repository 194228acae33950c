import { getTranslations } from "next-intl/server";
import Link from "next/link";

export async function generateMetadata() {
  const t = await getTranslations("notFound");
  return { title: t("title"), robots: { index: false } };
}

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("explain")}</p>
      <Link className="button" href="/">
        {t("home")}
      </Link>
    </div>
  );
}
