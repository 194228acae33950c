import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/accounts/current-user";
import { safeReturnPath } from "@/lib/return-path";
import { SignInForm } from "./sign-in-form";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("signIn");
  return { title: t("title") };
}

async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo);
  const t = await getTranslations("signIn");
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="card">
        <SignInForm returnTo={returnTo} />
      </div>
      <p className="muted">
        {t("noAccount")} <Link href={`/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`}>{t("signUpLink")}</Link>
      </p>
    </div>
  );
}

export default withClientMessages(["errors", "formErrors", "formFields", "signIn"], SignInPage);
