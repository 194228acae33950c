"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { ActionForm } from "@/app/_components/action-form";
import { ErrorMessage } from "@/app/_components/error-message";
import type { InviteRole } from "@/lib/roles";
import { createInviteAction, revokeInviteAction } from "./actions";

type InviteView = { id: string; token: string; role: InviteRole; expiresAt: string; maxUses: number; uses: number };

/** Creates invite links and lists the ones still usable, each with a copy button. */
export function InvitePanel({ groupId, invites }: { groupId: string; invites: InviteView[] }) {
  const t = useTranslations("invites");
  const [result, formAction, pending] = useActionState(createInviteAction.bind(null, groupId), null);
  return (
    <div className="stack">
      <form action={formAction}>
        {result && !result.ok ? <ErrorMessage error={result.error} /> : null}
        <div className="field">
          <label htmlFor="invite-role">{t("role")}</label>
          <select id="invite-role" name="role" defaultValue="member">
            <option value="member">{t("roleMember")}</option>
            <option value="facilitator">{t("roleFacilitator")}</option>
          </select>
        </div>
        <div className="field-pair">
          <div className="field">
            <label htmlFor="invite-days">{t("validDays")}</label>
            <input id="invite-days" name="days" type="number" inputMode="numeric" min={1} max={90} defaultValue={7} required />
          </div>
          <div className="field">
            <label htmlFor="invite-uses">{t("maxUses")}</label>
            <input id="invite-uses" name="maxUses" type="number" inputMode="numeric" min={1} max={500} defaultValue={10} required />
          </div>
        </div>
        <button type="submit" className="button button-small" disabled={pending}>
          {t("create")}
        </button>
      </form>
      {result?.ok && result.value ? <InviteLink token={result.value} fresh /> : null}
      <h3 className="subheading">{t("active")}</h3>
      {invites.length === 0 ? (
        <p className="empty">{t("none")}</p>
      ) : (
        <ul className="list">
          {invites.map((invite) => (
            <InviteItem key={invite.id} groupId={groupId} invite={invite} />
          ))}
        </ul>
      )}
    </div>
  );
}

function InviteItem({ groupId, invite }: { groupId: string; invite: InviteView }) {
  const t = useTranslations("invites");
  const format = useFormatter();
  return (
    <li>
      <InviteLink token={invite.token} />
      <div className="invite-meta">
        <span>
          {t("summary", {
            role: invite.role === "facilitator" ? t("roleFacilitator") : t("roleMember"),
            uses: invite.uses,
            maxUses: invite.maxUses,
            expires: format.dateTime(new Date(invite.expiresAt), { dateStyle: "medium", timeStyle: "short" }),
          })}
        </span>
        <ActionForm action={revokeInviteAction.bind(null, groupId, invite.id)} submitLabel={t("revoke")} buttonClassName="link-button" />
      </div>
    </li>
  );
}

function InviteLink({ token, fresh }: { token: string; fresh?: boolean }) {
  const t = useTranslations("invites");
  const [url, setUrl] = useState(`/invite/${token}`);
  const [copied, setCopied] = useState(false);
  // A fresh link is shown twice (above, and in the list); each copy needs its own id.
  const inputId = `invite-${token}${fresh ? "-new" : ""}`;
  useEffect(() => setUrl(`${window.location.origin}/invite/${token}`), [token]);
  return (
    <div className={fresh ? "alert alert-ok" : undefined} role={fresh ? "status" : undefined}>
      {fresh ? <p className="alert-title">{t("created")}</p> : null}
      <div className="invite-link-row">
        <label className="visually-hidden" htmlFor={inputId}>
          {t("link")}
        </label>
        <input id={inputId} readOnly value={url} data-testid="invite-link" className="invite-link" onFocus={(event) => event.currentTarget.select()} />
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
    </div>
  );
}
