"use client";

import { useTranslations } from "next-intl";
import { ActionForm } from "@/app/_components/action-form";
import { DateTimeField } from "@/app/_components/date-time-field";
import { moveSessionAction } from "./actions";

/** A facilitator moves a planned session; the group hears of it in their inboxes and calendars. */
export function MoveSessionForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations("moveSession");
  return (
    <details className="move-session">
      <summary>{t("summary")}</summary>
      <ActionForm action={moveSessionAction.bind(null, sessionId)} submitLabel={t("save")} successMessage={t("moved")} buttonClassName="button button-small">
        <DateTimeField id="moved-to" name="scheduledAt" label={t("when")} required />
      </ActionForm>
    </details>
  );
}
