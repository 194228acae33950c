import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { DateTimeField } from "@/app/_components/date-time-field";
import { listArticles } from "@/db/articles";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { scheduleSessionAction } from "../../actions";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string }>; searchParams: Promise<{ articleId?: string }> };

export async function generateMetadata({ params }: Pick<Params, "params">) {
  const { groupId } = await params;
  await requireMembership(groupId, await requireUser(`/groups/${groupId}/sessions/new`));
  const t = await getTranslations("newSession");
  return { title: t("title") };
}

async function NewSessionPage({ params, searchParams }: Params) {
  const { groupId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/new`);
  const { group, role } = await requireMembership(groupId, user);
  if (!can.scheduleSession(role)) notFound();
  const t = await getTranslations("newSession");
  const articles = await listArticles(groupId);
  const preselected = (await searchParams).articleId;
  return (
    <div className="page page-narrow">
      <p className="back-link">
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="card">
        <ActionForm action={scheduleSessionAction.bind(null, groupId)} submitLabel={t("save")}>
          <div className="field">
            <label htmlFor="title">{t("sessionTitle")}</label>
            <input id="title" name="title" required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor="articleId">{t("article")}</label>
            <select id="articleId" name="articleId" required defaultValue={preselected ?? articles[0]?.id}>
              {articles.map((article) => (
                <option key={article.id} value={article.id}>
                  {article.title}
                </option>
              ))}
            </select>
          </div>
          <DateTimeField id="scheduledAt" name="scheduledAt" label={t("when")} required />
        </ActionForm>
      </div>
    </div>
  );
}

export default withClientMessages(["common", "errors", "formErrors", "formFields"], NewSessionPage);
