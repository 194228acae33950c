import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { listArticles } from "@/db/articles";
import { listMembers } from "@/db/groups";
import { listActiveInvites } from "@/db/invites";
import { listSessions } from "@/db/study-sessions";
import { SessionArchive } from "./session-archive";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { ActionForm } from "@/app/_components/action-form";
import { InvitePanel } from "./invite-panel";
import { MemberRow } from "./member-row";
import { ResetLinkPanel } from "./reset-link-panel";
import { leaveGroupAction } from "./actions";
import { MembershipLog, RetentionPanel } from "./privacy-panel";
import { groupRetention } from "@/db/retention";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string }>; searchParams?: Promise<{ archive?: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId } = await params;
  const user = await requireUser(`/groups/${groupId}`);
  return { title: (await requireMembership(groupId, user)).group.name };
}

async function GroupPage({ params, searchParams }: Params) {
  const { groupId } = await params;
  const archivePage = Number((await searchParams)?.archive ?? 1);
  const user = await requireUser(`/groups/${groupId}`);
  const { group, role } = await requireMembership(groupId, user);
  const [t, tRoles, tReset, format] = await Promise.all([getTranslations("group"), getTranslations("roles"), getTranslations("passwordReset"), getFormatter()]);
  // Ended sessions live in the archive below.
  const sessions = (await listSessions(groupId)).filter((session) => session.status !== "ended");
  const articles = await listArticles(groupId);
  const members = await listMembers(groupId);
  const invites = can.createInvite(role) ? await listActiveInvites(groupId) : [];

  return (
    <div className="page">
      <header className="page-header">
        <h1>{group.name}</h1>
        {group.description ? <p className="lead">{group.description}</p> : null}
        <p className="meta-line">
          <span className="badge">{t("yourRole", { role: tRoles(role) })}</span>
          <span className="muted small">{t("memberCount", { count: members.length })}</span>
        </p>
      </header>

      <div className="two-columns">
        <div className="column">
          <section className="card" aria-labelledby="sessions-title">
            <div className="card-head">
              <h2 id="sessions-title">{t("sessions")}</h2>
              {can.scheduleSession(role) && articles.length > 0 ? (
                <Link className="button button-small" href={`/groups/${groupId}/sessions/new`}>
                  {t("scheduleSession")}
                </Link>
              ) : null}
            </div>
            {sessions.length === 0 ? (
              <p className="empty">{t(can.scheduleSession(role) && articles.length === 0 ? "noSessionsAddArticle" : "noSessions")}</p>
            ) : (
              <ul className="list">
                {sessions.map((session) => (
                  <li key={session.id} className="list-item">
                    <div className="list-item-main">
                      <Link href={`/groups/${groupId}/sessions/${session.id}`} className="strong">
                        {session.title}
                      </Link>
                      <div className="muted small">
                        <time dateTime={session.scheduledAt.toISOString()}>{format.dateTime(session.scheduledAt, { dateStyle: "full", timeStyle: "short" })}</time>
                        {" · "}
                        {session.articleTitle}
                      </div>
                    </div>
                    <span className={`badge badge-${session.status}`}>{t(`status.${session.status}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <SessionArchive groupId={groupId} page={archivePage} canBackup={role === "owner"} />

          <section className="card" aria-labelledby="articles-title">
            <div className="card-head">
              <h2 id="articles-title">{t("articles")}</h2>
              {can.addArticle(role) ? (
                <Link className="button button-small button-secondary" href={`/groups/${groupId}/articles/new`}>
                  {t("addArticle")}
                </Link>
              ) : null}
            </div>
            {articles.length === 0 ? (
              <p className="empty">{t("noArticles")}</p>
            ) : (
              <ul className="list">
                {articles.map((article) => (
                  <li key={article.id} className="list-item">
                    <div className="list-item-main">
                      <Link href={`/groups/${groupId}/articles/${article.id}`} className="strong">
                        {article.title}
                      </Link>
                      <div className="muted small">{[article.author, t("words", { count: article.wordCount })].filter(Boolean).join(" · ")}</div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <div className="column">
          <section className="card" aria-labelledby="members-title">
            <h2 id="members-title">{t("members", { count: members.length })}</h2>
            <ul className="list">
              {members.map((member) => (
                <MemberRow key={member.userId} groupId={groupId} member={member} isSelf={member.userId === user.id} canManage={can.manageMembers(role)} />
              ))}
            </ul>
          </section>

          {can.manageMembers(role) && members.some((member) => member.userId !== user.id) ? (
            <section className="card" aria-labelledby="reset-title">
              <h2 id="reset-title">{tReset("panelTitle")}</h2>
              <ResetLinkPanel
                groupId={groupId}
                members={members.filter((member) => member.userId !== user.id).map(({ userId, displayName, username }) => ({ userId, displayName, username }))}
              />
            </section>
          ) : null}

          {can.createInvite(role) ? (
            <section className="card" aria-labelledby="invites-title">
              <h2 id="invites-title">{t("invites")}</h2>
              <InvitePanel groupId={groupId} invites={invites.map((invite) => ({ ...invite, expiresAt: invite.expiresAt.toISOString() }))} />
            </section>
          ) : null}

          {role === "owner" ? (
            <>
              <RetentionPanel groupId={groupId} retentionDays={await groupRetention(groupId)} />
              <MembershipLog groupId={groupId} />
            </>
          ) : null}

          <section className="card card-quiet" aria-labelledby="leave-title">
            <h2 id="leave-title">{t("leaveTitle")}</h2>
            <p className="muted small">{t("leaveExplain")}</p>
            <ActionForm action={leaveGroupAction.bind(null, groupId)} submitLabel={t("leave")} buttonClassName="button button-danger button-small" confirm={t("leaveConfirm")} />
          </section>
        </div>
      </div>
    </div>
  );
}

export default withClientMessages(["common", "errors", "formErrors", "formFields", "invites", "passwordReset"], GroupPage);
