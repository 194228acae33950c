import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { normaliseJoinCode } from "@/lib/join-code";
import { clientAddress } from "@/server/accounts/auth-options";
import { currentUser } from "@/server/accounts/current-user";
import { joinByCode } from "@/server/join-by-code";
import { GuestJoinForm } from "../guest-join-form";
import { JoinProblem, SignInInstead } from "../join-form";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ code: string }> };

export async function generateMetadata() {
  const t = await getTranslations("join");
  return { title: t("title") };
}

/**
 * A join link (typed, or from the projector's QR code): signed-out visitors give a name and join
 * as guests (or sign in and come back); members go straight into the session; any other code
 * gets the 404 page. Nothing about the code is looked up before a signed-out visitor sends the form.
 */
async function JoinCodePage({ params }: Params) {
  const code = normaliseJoinCode(decodeSafely((await params).code));
  const user = await currentUser();
  if (!user) return <GuestArrival code={code} />;
  const outcome = await joinByCode({ code, userId: user.id, address: clientAddress(Object.fromEntries(await headers())) });
  if (outcome.kind === "session") redirect(outcome.path);
  if (outcome.kind === "unknown") notFound();
  const t = await getTranslations("join");
  return <JoinProblem title={t("rateLimitedTitle")} message={t("rateLimitedExplain", { minutes: outcome.minutes })} code="RATE_LIMITED" />;
}

async function GuestArrival({ code }: { code: string }) {
  const [t, tGuests] = await Promise.all([getTranslations("join"), getTranslations("guests")]);
  return (
    <div className="page page-narrow join-page">
      <h1>{t("title")}</h1>
      <p className="lead">{tGuests("formLead")}</p>
      <div className="card">
        <GuestJoinForm code={code} />
      </div>
      <SignInInstead returnTo={`/join/${encodeURIComponent(code)}`} />
    </div>
  );
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default withClientMessages(["errors", "formErrors", "formFields", "guests", "join"], JoinCodePage);
