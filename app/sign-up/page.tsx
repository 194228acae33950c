import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/accounts/current-user";
import { safeReturnPath } from "@/lib/return-path";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata() {
  const t = await getTranslations("signUp");
  return { title: t("title") };
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo);
  const [t, locale] = await Promise.all([getTranslations("signUp"), getLocale()]);
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="card">
        <SignUpForm returnTo={returnTo} locale={locale} />
      </div>
      <p className="muted">
        {t("haveAccount")} <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`}>{t("signInLink")}</Link>
      </p>
    </div>
  );
}
