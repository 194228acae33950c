import "./sessions/[sessionId]/review/review.css";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { listArchive } from "@/db/archive";
import { listRetentionRemovals } from "@/db/retention";

/** The group's past sessions, newest first, a page at a time, each opening its review. */
export async function SessionArchive({ groupId, page, canBackup }: { groupId: string; page: number; canBackup: boolean }) {
  const [t, tRetention, format] = await Promise.all([getTranslations("archive"), getTranslations("retentionNotice"), getFormatter()]);
  const [archive, removals] = await Promise.all([listArchive(groupId, page), listRetentionRemovals(groupId)]);
  const pageHref = (to: number) => `/groups/${groupId}?archive=${to}#archive-title`;
  return (
    <section className="card archive-card" aria-labelledby="archive-title" data-testid="archive">
      <div className="card-head">
        <h2 id="archive-title">{t("title", { count: archive.total })}</h2>
        <div className="row">
          <Link className="button button-secondary button-small" href="/search">
            {t("search")}
          </Link>
          {canBackup ? (
            <a className="button button-secondary button-small" href={`/groups/${groupId}/backup`} download>
              {t("backup")}
            </a>
          ) : null}
        </div>
      </div>
      {removals.length > 0 ? (
        <ul className="retention-notices" data-testid="retention-notices">
          {removals.map((removal) => (
            <li key={removal.at.toISOString()}>
              {tRetention("removed", { count: removal.sessions, days: removal.retentionDays, date: format.dateTime(removal.at, { dateStyle: "long" }) })}
            </li>
          ))}
        </ul>
      ) : null}
      {archive.total === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <>
          <table className="archive-table">
            <caption className="visually-hidden">{t("caption", { page: archive.page, pages: archive.pages })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("date")}</th>
                <th scope="col">{t("session")}</th>
                <th scope="col">{t("facilitator")}</th>
                <th scope="col" className="num">
                  {t("participants")}
                </th>
                <th scope="col" className="num">
                  {t("annotations")}
                </th>
                <th scope="col" className="num">
                  {t("messages")}
                </th>
              </tr>
            </thead>
            <tbody>
              {archive.sessions.map((session) => (
                <tr key={session.id} data-testid="archive-row">
                  <td>
                    <time dateTime={(session.startedAt ?? session.scheduledAt).toISOString()}>
                      {format.dateTime(session.startedAt ?? session.scheduledAt, { dateStyle: "medium" })}
                    </time>
                  </td>
                  <td className="archive-session">
                    <Link className="archive-title" href={`/groups/${groupId}/sessions/${session.id}/review`}>
                      {session.title}
                    </Link>
                    <div className="muted small">{session.articleTitle}</div>
                    {session.discussionRemovedAt ? (
                      <div className="muted small">{tRetention("sessionRemoved", { date: format.dateTime(session.discussionRemovedAt, { dateStyle: "medium" }) })}</div>
                    ) : null}
                  </td>
                  <td>{session.facilitatorName ?? "—"}</td>
                  <td className="num" data-label={t("participantsShort", { count: session.participants })}>
                    {session.participants}
                  </td>
                  <td className="num" data-label={t("annotationsShort", { count: session.annotations })} title={t("replies", { count: session.replies })}>
                    {session.annotations}
                  </td>
                  <td className="num" data-label={t("messagesShort", { count: session.messages })}>
                    {session.messages}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {archive.pages > 1 ? (
            <nav className="pager" aria-label={t("pages")}>
              {archive.page > 1 ? <Link href={pageHref(archive.page - 1)}>← {t("newer")}</Link> : <span />}
              <span className="small muted">{t("pageOf", { page: archive.page, pages: archive.pages })}</span>
              {archive.page < archive.pages ? <Link href={pageHref(archive.page + 1)}>{t("older")} →</Link> : <span />}
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}
