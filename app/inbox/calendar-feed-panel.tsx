"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { closeCalendarFeedAction, openCalendarFeedAction } from "./actions";
import { useActionState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";

type Props = { openedAt: string | null };

/** Making, replacing and turning off the member's private calendar address. */
export function CalendarFeedPanel({ openedAt }: Props) {
  const t = useTranslations("calendar");
  const [made, make, making] = useActionState(openCalendarFeedAction, null);
  const address = made?.ok ? made.value : undefined;
  return (
    <section className="card" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t("title")}</h2>
      <p>{t("lead")}</p>
      <p className="muted small">{t("warning")}</p>
      {address ? <FeedAddress address={address} /> : <p data-testid="calendar-state">{openedAt ? t("since", { when: openedAt }) : t("none")}</p>}
      {made && !made.ok ? <ErrorMessage error={made.error} /> : null}
      <div className="row">
        <form action={make}>
          <button type="submit" className="button" disabled={making}>
            {openedAt || address ? t("remake") : t("make")}
          </button>
        </form>
        {openedAt && !address ? (
          <ActionForm
            action={closeCalendarFeedAction}
            submitLabel={t("turnOff")}
            buttonClassName="button button-danger-quiet"
            confirm={t("turnOffConfirm")}
            successMessage={t("turnedOff")}
          />
        ) : null}
      </div>
    </section>
  );
}

function FeedAddress({ address }: { address: string }) {
  const t = useTranslations("calendar");
  const [copied, setCopied] = useState(false);
  return (
    <div className="field">
      <label htmlFor="calendar-address">{t("address")}</label>
      <div className="row calendar-address">
        <input id="calendar-address" readOnly value={address} onFocus={(event) => event.currentTarget.select()} aria-describedby="calendar-address-hint" />
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(address).then(() => setCopied(true));
          }}
        >
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
      <p id="calendar-address-hint" className="muted small" role="status">
        {t("shownOnce")}
      </p>
    </div>
  );
}
