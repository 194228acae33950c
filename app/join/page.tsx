import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { normaliseJoinCode } from "@/lib/join-code";
import { currentUser } from "@/server/accounts/current-user";
import { JoinForm } from "./join-form";

export async function generateMetadata() {
  const t = await getTranslations("join");
  return { title: t("title") };
}

/** Join a study session by the short code on the room's screen; the form sends the code here. */
export default async function JoinPage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  const { code } = await searchParams;
  const typed = normaliseJoinCode(typeof code === "string" ? code : "");
  if (typed) redirect(`/join/${encodeURIComponent(typed)}`);
  const [t, user] = await Promise.all([getTranslations("join"), currentUser()]);
  return (
    <div className="page page-narrow join-page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="card">
        <JoinForm autoFocus />
      </div>
      <p className="join-note">{t("orScan")}</p>
      {user ? null : <p className="join-note small">{t("signInNote")}</p>}
    </div>
  );
}
