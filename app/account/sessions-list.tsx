import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/app/_components/action-form";
import type { AuthSession } from "@/db/auth-sessions";
import { endSessionAction } from "./actions";

/** The account's signed-in browsers, this one marked; each other one can be ended. */
export async function SessionsList({ sessions, currentId }: { sessions: AuthSession[]; currentId: string }) {
  const [t, format] = await Promise.all([getTranslations("accountSecurity"), getFormatter()]);
  const ordered = [...sessions.filter((session) => session.id === currentId), ...sessions.filter((session) => session.id !== currentId)];
  return (
    <ul className="list" aria-label={t("sessionsTitle")}>
      {ordered.map((session) => {
        const device = session.device || t("unknownDevice");
        const isCurrent = session.id === currentId;
        return (
          <li key={session.id} className="list-item" data-testid="auth-session">
            <div className="list-item-main">
              <span className="strong">{device}</span> {isCurrent ? <span className="badge">{t("thisDevice")}</span> : null}
              <div className="muted small">
                {t("signedInAt", { date: format.dateTime(session.createdAt, { dateStyle: "medium", timeStyle: "short" }) })}
                {" · "}
                {t("lastSeen", { date: format.relativeTime(session.lastSeenAt) })}
                {session.address ? ` · ${t("fromAddress", { address: session.address })}` : null}
              </div>
            </div>
            {isCurrent ? null : (
              <ActionForm
                action={endSessionAction.bind(null, session.id)}
                submitLabel={t("endSession")}
                submitAccessibleName={t("endSessionLabel", { device })}
                className="inline-form"
                buttonClassName="button button-secondary button-small"
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
