import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { guestHome } from "@/db/guests";
import { findSession } from "@/db/study-sessions";
import { currentUser } from "@/server/accounts/current-user";
import { safeReturnPath } from "@/lib/return-path";
import { SignUpForm } from "./sign-up-form";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("signUp");
  return { title: t("title") };
}

async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  const user = await currentUser();
  // A guest creating an account keeps their visit: the form turns the guest into the account.
  const home = user?.kind === "guest" ? await guestHome(user.id) : undefined;
  if (user && !home) redirect(returnTo);
  const [t, tGuests, locale] = await Promise.all([getTranslations("signUp"), getTranslations("guests"), getLocale()]);
  const visited = home ? await findSession(home.sessionId) : undefined;
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{visited ? tGuests("signUpLead", { title: visited.title }) : t("lead")}</p>
      <div className="card">
        <SignUpForm returnTo={returnTo} locale={locale} displayName={user?.displayName} />
      </div>
      <p className="muted">
        {t("haveAccount")} <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`}>{t("signInLink")}</Link>
      </p>
    </div>
  );
}

export default withClientMessages(["errors", "formErrors", "formFields", "signUp"], SignUpPage);
