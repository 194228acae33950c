import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { guestHome } from "@/db/guests";
import { normaliseJoinCode } from "@/lib/join-code";
import { currentUser } from "@/server/accounts/current-user";
import { GuestJoinForm } from "./guest-join-form";
import { JoinForm, SignInInstead } from "./join-form";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("join");
  return { title: t("title") };
}

/**
 * Join a study session by the short code on the room's screen. Members type the code (the form
 * sends it here); people without an account type the code and a name and join as guests.
 */
async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = normaliseJoinCode(typeof code === "string" ? code : "");
  if (typed) redirect(`/join/${encodeURIComponent(typed)}`);
  const [t, user] = await Promise.all([getTranslations("join"), currentUser()]);
  const home = user ? await guestHome(user.id) : undefined;
  if (home) redirect(`/groups/${home.groupId}/sessions/${home.sessionId}`);
  return (
    <div className="page page-narrow join-page">
      <h1>{t("title")}</h1>
      <p className="lead">{user ? t("lead") : (await getTranslations("guests"))("formLead")}</p>
      <div className="card">{user ? <JoinForm autoFocus /> : <GuestJoinForm />}</div>
      <p className="join-note">{t("orScan")}</p>
      {user ? null : <SignInInstead returnTo="/join" />}
    </div>
  );
}

export default withClientMessages(["errors", "formErrors", "formFields", "guests", "join"], JoinPage);
