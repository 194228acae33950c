"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { GuestCommand } from "@/app/_live/use-live-session";
import type { ErrorBody } from "@/lib/errors";
import type { GuestRoster } from "@/lib/protocol";

type Props = {
  roster: GuestRoster | null;
  online: boolean;
  ended: boolean;
  onCommand: (command: GuestCommand) => Promise<ErrorBody | null>;
};

/**
 * The facilitators' guest panel: allow guests (off by default), admit them automatically or one
 * by one, see them arrive live, and remove one at once.
 */
export function GuestPanel({ roster, online, ended, onCommand }: Props) {
  const t = useTranslations("guests");
  const format = useFormatter();
  const [error, setError] = useState<ErrorBody | null>(null);
  const [busy, setBusy] = useState(false);
  // A setting shows its new state at once, while the server confirms it.
  const [changing, setChanging] = useState<{ allowed?: boolean; admitAutomatically?: boolean }>({});

  useEffect(() => {
    if (online && !roster) void onCommand({ name: "guests:roster", payload: {} });
  }, [online, roster, onCommand]);

  async function run(command: GuestCommand) {
    setBusy(true);
    if (command.name === "guests:settings") setChanging(command.payload);
    setError(await onCommand(command));
    setChanging({});
    setBusy(false);
  }

  if (!roster) return null;
  const waiting = roster.guests.filter((guest) => guest.status === "waiting");
  const allowed = changing.allowed ?? roster.allowed;
  const admitAutomatically = changing.admitAutomatically ?? roster.admitAutomatically;
  const disabled = busy || !online || ended;
  return (
    <section className="guest-panel" aria-labelledby="guest-panel-title" data-testid="guest-panel">
      <h2 id="guest-panel-title" className="small muted">
        {t("panelTitle")}
        {waiting.length ? <span className="badge badge-live guest-waiting-count">{t("waiting", { count: waiting.length })}</span> : null}
      </h2>
      {error ? <ErrorMessage error={error} /> : null}
      <label className="guest-setting">
        <input type="checkbox" checked={allowed} disabled={disabled} onChange={(event) => void run({ name: "guests:settings", payload: { allowed: event.target.checked } })} />
        {t("allow")}
      </label>
      <label className="guest-setting">
        <input
          type="checkbox"
          checked={admitAutomatically}
          disabled={disabled || !allowed}
          onChange={(event) => void run({ name: "guests:settings", payload: { admitAutomatically: event.target.checked } })}
        />
        {t("admitAutomatically")}
      </label>
      {waiting.length > 1 ? (
        <button type="button" className="button button-small" disabled={disabled} onClick={() => void run({ name: "guests:admit", payload: { userId: null } })}>
          {t("admitAll")}
        </button>
      ) : null}
      {roster.guests.length === 0 ? (
        <p className="muted small">{allowed ? t("none") : t("noneAllowed")}</p>
      ) : (
        <ul className="guest-list" aria-live="polite" data-testid="guest-list">
          {roster.guests.map((guest) => (
            <li key={guest.userId} data-status={guest.status} data-testid="guest-row">
              <span className="guest-name">
                <strong>{guest.displayName}</strong> <span className="guest-badge">{t("badge")}</span>
                <span className="muted small">
                  {" "}
                  · {t(`status${guest.status === "waiting" ? "Waiting" : guest.status === "admitted" ? "Admitted" : "Removed"}`)} ·{" "}
                  {format.dateTime(guest.arrivedAt, { timeStyle: "short" })}
                </span>
              </span>
              <span className="row">
                {guest.status === "waiting" ? (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={disabled}
                    aria-label={t("admit", { name: guest.displayName })}
                    onClick={() => void run({ name: "guests:admit", payload: { userId: guest.userId } })}
                  >
                    {t("admitShort")}
                  </button>
                ) : null}
                {guest.status !== "removed" ? (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={disabled}
                    aria-label={t("remove", { name: guest.displayName })}
                    onClick={() => void run({ name: "guests:remove", payload: { userId: guest.userId } })}
                  >
                    {t("removeShort")}
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
