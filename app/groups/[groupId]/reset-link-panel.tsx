"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import { createResetLinkAction } from "./reset-actions";

/** What the owner's page shows of a fresh reset link (sent as JSON in the action's value). */
export type ResetLinkView = { url: string; qrSvg: string; expiresAt: string; name: string };

/** An owner makes a single-use password reset link for a member and shows it to them (link and QR code). */
export function ResetLinkPanel({ groupId, members }: { groupId: string; members: { userId: string; displayName: string; username: string }[] }) {
  const t = useTranslations("passwordReset");
  const [result, formAction, pending] = useActionState(createResetLinkAction.bind(null, groupId), null);
  const link = result?.ok && result.value ? (JSON.parse(result.value) as ResetLinkView) : null;
  return (
    <div className="stack">
      <p className="muted small">{t("panelExplain")}</p>
      <form action={formAction}>
        {result && !result.ok ? <ErrorMessage error={result.error} /> : null}
        <div className="field">
          <label htmlFor="reset-member">{t("member")}</label>
          <select id="reset-member" name="memberId" required>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.displayName} (@{member.username})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary button-small" disabled={pending}>
          {t("create")}
        </button>
      </form>
      {link ? <FreshResetLink link={link} /> : null}
    </div>
  );
}

function FreshResetLink({ link }: { link: ResetLinkView }) {
  const t = useTranslations("passwordReset");
  const format = useFormatter();
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-ok reset-link" role="status">
      <p>{t("linkFor", { name: link.name, expires: format.dateTime(new Date(link.expiresAt), { dateStyle: "medium", timeStyle: "short" }) })}</p>
      <div
        className="reset-qr"
        role="img"
        aria-label={t("qrLabel", { name: link.name })}
        data-testid="reset-qr"
        // Generated on our server by the qrcode package from our own URL and a random token: no user input in it.
        dangerouslySetInnerHTML={{ __html: link.qrSvg }}
      />
      <div className="invite-link-row">
        <label className="visually-hidden" htmlFor="reset-link">
          {t("linkLabel")}
        </label>
        <input id="reset-link" readOnly value={link.url} data-testid="reset-link" className="invite-link" onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button button-secondary button-small" onClick={() => void navigator.clipboard?.writeText(link.url).then(() => setCopied(true))}>
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
    </div>
  );
}
