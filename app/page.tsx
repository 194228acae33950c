import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { listGroupsForUser } from "@/db/groups";
import { guestHome } from "@/db/guests";
import { listSessions, type StudySessionSummary } from "@/db/study-sessions";
import { currentUser } from "@/server/accounts/current-user";
import { ActionForm } from "./_components/action-form";
import { createGroupAction } from "./groups/actions";
import { withClientMessages } from "@/app/i18n/client-messages";

async function HomePage({ searchParams }: { searchParams: Promise<{ accountDeleted?: string }> }) {
  const user = await currentUser();
  // A guest has no groups: home is the one session they came for.
  const home = user?.kind === "guest" ? await guestHome(user.id) : undefined;
  if (home) redirect(`/groups/${home.groupId}/sessions/${home.sessionId}`);
  return user?.kind === "account" ? <MyGroups userId={user.id} name={user.displayName} /> : <Welcome accountDeleted={(await searchParams).accountDeleted === "1"} />;
}

async function Welcome({ accountDeleted }: { accountDeleted: boolean }) {
  const [t, tAccount] = await Promise.all([getTranslations("landing"), getTranslations("accountSecurity")]);
  return (
    <div className="page">
      {accountDeleted ? (
        <p className="alert alert-ok" role="status">
          {tAccount("accountDeleted")}
        </p>
      ) : null}
      <section className="hero" aria-labelledby="hero-title">
        <div>
          <h1 id="hero-title">{t("title")}</h1>
          <p>{t("intro")}</p>
          <div className="row">
            <Link className="button" href="/sign-up">
              {t("start")}
            </Link>
            <Link className="button button-secondary" href="/sign-in">
              {t("signIn")}
            </Link>
          </div>
        </div>
        <div className="card">
          <h2>{t("featuresTitle")}</h2>
          <ul className="feature-list">
            <li>{t("featureLive")}</li>
            <li>{t("featureRoom")}</li>
            <li>{t("featureFacilitate")}</li>
            <li>{t("featurePrivate")}</li>
          </ul>
        </div>
      </section>
    </div>
  );
}

async function MyGroups({ userId, name }: { userId: string; name: string }) {
  const t = await getTranslations("home");
  const [tRoles, tRestore, format] = await Promise.all([getTranslations("roles"), getTranslations("restore"), getFormatter()]);
  const groups = await Promise.all((await listGroupsForUser(userId)).map(async (group) => ({ ...group, next: nextSession(await listSessions(group.id)) })));
  return (
    <div className="page">
      <h1>{t("greeting", { name })}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="grid">
        <section className="card" aria-labelledby="my-groups">
          <h2 id="my-groups">{t("myGroups")}</h2>
          {groups.length === 0 ? (
            <p className="empty">{t("noGroups")}</p>
          ) : (
            <ul className="list">
              {groups.map((group) => (
                <li key={group.id} className="list-item">
                  <div className="list-item-main">
                    <Link href={`/groups/${group.id}`} className="strong">
                      {group.name}
                    </Link>
                    <div className="muted small">
                      {t("memberCount", { count: group.memberCount })}
                      {" · "}
                      {group.next
                        ? t(group.next.status === "live" ? "liveNow" : "nextSession", {
                            title: group.next.title,
                            when: format.dateTime(group.next.scheduledAt, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }),
                          })
                        : t("noSessionPlanned")}
                    </div>
                  </div>
                  <span className="badge">{tRoles(group.role)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="new-group">
          <h2 id="new-group">{t("newGroup")}</h2>
          <ActionForm action={createGroupAction} submitLabel={t("createGroup")}>
            <div className="field">
              <label htmlFor="group-name">{t("groupName")}</label>
              <input id="group-name" name="name" required minLength={2} maxLength={80} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor="group-description">{t("groupDescription")}</label>
              <input id="group-description" name="description" maxLength={500} autoComplete="off" />
            </div>
          </ActionForm>
          <p className="small">
            <Link href="/groups/restore">{tRestore("homeLink")}</Link>
          </p>
        </section>
      </div>
    </div>
  );
}

/** The session a group is in now, or its next planned one. */
function nextSession(sessions: StudySessionSummary[]): StudySessionSummary | undefined {
  return sessions.find((session) => session.status === "live") ?? sessions.find((session) => session.status === "planned");
}

export default withClientMessages(["common", "errors", "formErrors", "formFields"], HomePage);
