import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/app/_components/action-form";
import { listMembershipChanges, type MembershipChange } from "@/db/membership-log";
import { setRetentionAction } from "./privacy-actions";

/** The retention choices offered; a group's own value is kept in the list if it is another. */
const retentionChoices = [1, 7, 30, 90, 180, 365, 730];

/** The owner's privacy settings: how long sessions' discussions are kept. */
export async function RetentionPanel({ groupId, retentionDays }: { groupId: string; retentionDays: number | null }) {
  const t = await getTranslations("retention");
  const choices = retentionDays && !retentionChoices.includes(retentionDays) ? [...retentionChoices, retentionDays].sort((a, b) => a - b) : retentionChoices;
  return (
    <section className="card" aria-labelledby="retention-title" data-testid="retention">
      <h2 id="retention-title">{t("title")}</h2>
      <ActionForm action={setRetentionAction.bind(null, groupId)} submitLabel={t("save")} successMessage={t("saved")} buttonClassName="button button-small">
        <div className="field">
          <label htmlFor="retention">{t("label")}</label>
          <select id="retention" name="retention" defaultValue={retentionDays ? String(retentionDays) : "off"} aria-describedby="retention-hint">
            <option value="off">{t("off")}</option>
            {choices.map((days) => (
              <option key={days} value={days}>
                {t("days", { count: days })}
              </option>
            ))}
          </select>
          <span id="retention-hint" className="hint">
            {t("hint")}
          </span>
        </div>
      </ActionForm>
    </section>
  );
}

/** The owner's log of membership and role changes, newest first. */
export async function MembershipLog({ groupId }: { groupId: string }) {
  const [t, tRoles, format] = await Promise.all([getTranslations("membershipLog"), getTranslations("roles"), getFormatter()]);
  const changes = await listMembershipChanges(groupId, 100);
  const describe = (entry: MembershipChange) => {
    const member = entry.member?.displayName ?? t("formerMember");
    const actor = entry.actor?.displayName ?? t("someone");
    const values = { member, actor, role: tRoles(entry.role), previous: entry.previousRole ? tRoles(entry.previousRole) : "" };
    if (entry.change !== "joined") return t(entry.change, values);
    if (!entry.actor) return t("joined", values);
    return t(entry.actor.id === entry.member?.id ? "joinedSelf" : "joinedBy", values);
  };
  return (
    <section className="card" aria-labelledby="membership-log-title" data-testid="membership-log">
      <h2 id="membership-log-title">{t("title")}</h2>
      <p className="muted small">{t("explain")}</p>
      {changes.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <ol className="membership-log" aria-label={t("caption")}>
          {changes.map((entry) => (
            <li key={entry.id} data-testid="membership-change">
              <span>{describe(entry)}</span>
              <time className="muted small" dateTime={entry.at.toISOString()}>
                {format.dateTime(entry.at, { dateStyle: "medium", timeStyle: "short" })}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
