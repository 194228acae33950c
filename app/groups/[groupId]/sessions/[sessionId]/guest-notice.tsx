import "@/app/join/join.css";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { User } from "@/db/users";
import { ForgetSession } from "./forget-session";
import { WaitingRoom } from "./waiting-room";

type Props = { standing: "waiting" | "removed" | "ended"; sessionTitle: string; sessionId: string; sessionPath: string; user: User };

/**
 * What a guest's session page shows while they are not in the room: waiting to be let in (the
 * page opens the session by itself), removed, or the session is over — then with the offer to
 * keep what they wrote by creating an account. Removed or over, the device forgets what it kept of the session.
 */
export async function GuestNotice({ standing, sessionTitle, sessionId, sessionPath, user }: Props) {
  const t = await getTranslations("guests");
  const title = t(`${standing}Title`);
  return (
    <div className="page page-narrow join-page guest-notice" data-testid="guest-notice" data-standing={standing}>
      <h1>{title}</h1>
      <div className="card">
        <p role={standing === "waiting" ? "status" : "alert"}>{t(`${standing}Text`, { title: sessionTitle, name: user.displayName })}</p>
        {standing === "waiting" ? <WaitingRoom /> : <ForgetSession sessionId={sessionId} userId={user.id} sessionPath={sessionPath} />}
      </div>
      {standing !== "waiting" && user.kind === "guest" ? (
        <section className="card guest-keep" aria-labelledby="guest-keep-title">
          <h2 id="guest-keep-title">{t("keepTitle")}</h2>
          <p>{t("keepText")}</p>
          <Link className="button" href="/sign-up">
            {t("keepAction")}
          </Link>
        </section>
      ) : null}
    </div>
  );
}
