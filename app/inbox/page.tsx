import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/app/_components/action-form";
import { calendarFeedOpenedAt } from "@/db/calendar-feeds";
import { listInbox, type InboxEntry } from "@/db/inbox";
import { requireAccount } from "@/server/accounts/guards";
import { markAllReadAction, markReadAction } from "./actions";
import { CalendarFeedPanel } from "./calendar-feed-panel";
import "./inbox.css";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  const t = await getTranslations("inbox");
  return { title: t("title") };
}

async function InboxPage() {
  const user = await requireAccount("/inbox");
  const [t, entries, feedOpenedAt, format] = await Promise.all([getTranslations("inbox"), listInbox(user.id), calendarFeedOpenedAt(user.id), getFormatter()]);
  const unread = entries.filter((entry) => !entry.read).length;
  return (
    <div className="page page-narrow">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <section className="card" aria-labelledby="inbox-heading">
        <div className="card-head">
          <h2 id="inbox-heading" className="inbox-count" data-testid="inbox-unread">
            {t("unreadCount", { count: unread })}
          </h2>
          {unread > 0 ? <ActionForm action={markAllReadAction} submitLabel={t("markAllRead")} buttonClassName="button button-secondary button-small" /> : null}
        </div>
        {entries.length === 0 ? (
          <p className="empty">{t("empty")}</p>
        ) : (
          <ol className="list inbox-list" aria-label={t("listLabel")}>
            {entries.map((entry) => (
              <InboxRow
                key={entry.id}
                entry={entry}
                t={t}
                when={format.relativeTime(entry.createdAt)}
                sessionTime={entry.scheduledAt ? format.dateTime(entry.scheduledAt, { dateStyle: "full", timeStyle: "short" }) : ""}
              />
            ))}
          </ol>
        )}
      </section>
      <CalendarFeedPanel openedAt={feedOpenedAt ? format.dateTime(feedOpenedAt, { dateStyle: "long" }) : null} />
    </div>
  );
}

type Translate = Awaited<ReturnType<typeof getTranslations<"inbox">>>;

function InboxRow({ entry, t, when, sessionTime }: { entry: InboxEntry; t: Translate; when: string; sessionTime: string }) {
  const aboutSession = entry.kind === "session_scheduled" || entry.kind === "session_moved";
  return (
    <li className="inbox-entry" data-unread={!entry.read} data-testid="inbox-entry">
      <div className="list-item">
        <div className="list-item-main">
          <p className="inbox-what">
            {!entry.read ? <span className="tag inbox-new">{t("unreadBadge")}</span> : null}
            <a href={`/inbox/${entry.id}`}>{t(`kinds.${entry.kind}`, { actor: entry.actorName ?? t("someone") })}</a>
          </p>
          {aboutSession ? (
            <p className="inbox-excerpt">{t("sessionWhen", { title: entry.sessionTitle ?? "", when: sessionTime })}</p>
          ) : (
            <blockquote className="inbox-excerpt">{entry.excerpt}</blockquote>
          )}
          <p className="muted small">
            {aboutSession ? entry.groupName : t("where", { group: entry.groupName, session: entry.sessionTitle ?? "" })} ·{" "}
            <time dateTime={entry.createdAt.toISOString()}>{when}</time>
          </p>
        </div>
        {!entry.read ? <ActionForm action={markReadAction.bind(null, entry.id)} submitLabel={t("markRead")} buttonClassName="button button-secondary button-small" /> : null}
      </div>
    </li>
  );
}

export default withClientMessages(["calendar", "common", "errors", "formErrors", "formFields"], InboxPage);
