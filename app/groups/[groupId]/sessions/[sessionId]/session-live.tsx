"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import { ErrorMessage } from "@/app/_components/error-message";
import { useLiveSession } from "@/app/_live/use-live-session";
import type { ErrorBody } from "@/lib/errors";
import { nextStatus, type SessionStatusName } from "@/lib/session-status";

type Props = { sessionId: string; initialStatus: SessionStatusName; canRun: boolean; selfId: string };

/** The live side panel of a session: connection, status controls and who is here. */
export function SessionLive({ sessionId, initialStatus, canRun, selfId }: Props) {
  const t = useTranslations("session");
  const tRoles = useTranslations("roles");
  const live = useLiveSession(sessionId, initialStatus);
  const [actionError, setActionError] = useState<ErrorBody | null>(null);
  const next = nextStatus(live.status);

  async function advance() {
    if (next === "live" || next === "ended") setActionError(await live.setStatus(next));
  }

  return (
    <aside className="session-aside card" aria-labelledby="presence-title">
      <div className="spread">
        <span className={`badge badge-${live.status}`} data-testid="session-status">
          {t(`status.${live.status}`)}
        </span>
        <span className="connection" data-state={live.connection} role="status">
          {t(`connection.${live.connection}`)}
        </span>
      </div>
      {live.error ? <ErrorMessage error={live.error} /> : null}
      {actionError ? <ErrorMessage error={actionError} /> : null}
      {canRun && next ? (
        <p>
          <button type="button" className={next === "ended" ? "button button-danger" : "button"} onClick={() => void advance()} disabled={live.connection !== "online"}>
            {next === "live" ? t("start") : t("end")}
          </button>
        </p>
      ) : null}
      <h2 id="presence-title" style={{ marginTop: "1rem" }}>
        {t("present", { count: live.members.length })}
      </h2>
      <ul className="presence-list" aria-live="polite" data-testid="presence">
        {live.members.map((member) => (
          <li key={member.userId}>
            <Avatar name={member.displayName} id={member.userId} />
            <span>
              {member.displayName}
              {member.userId === selfId ? <span className="muted small"> ({t("you")})</span> : null}
            </span>
            {member.role !== "member" ? <span className="badge">{tRoles(member.role)}</span> : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
