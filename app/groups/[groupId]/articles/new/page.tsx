import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/app/_components/action-form";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { createArticleAction } from "../../actions";

type Params = { params: Promise<{ groupId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("newArticle");
  return { title: t("title") };
}

export default async function NewArticlePage({ params }: Params) {
  const { groupId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/new`);
  const { group, role } = requireMembership(groupId, user);
  if (!can.addArticle(role)) notFound();
  const t = await getTranslations("newArticle");
  return (
    <div className="page" style={{ maxWidth: "48rem" }}>
      <p>
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <div className="card">
        <ActionForm action={createArticleAction.bind(null, groupId)} submitLabel={t("save")}>
          <div className="field">
            <label htmlFor="title">{t("articleTitle")}</label>
            <input id="title" name="title" required maxLength={300} />
          </div>
          <div className="inline-fields">
            <div className="field">
              <label htmlFor="author">{t("author")}</label>
              <input id="author" name="author" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="sourceName">{t("sourceName")}</label>
              <input id="sourceName" name="sourceName" maxLength={200} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="sourceUrl">{t("sourceUrl")}</label>
            <input id="sourceUrl" name="sourceUrl" type="url" maxLength={2000} placeholder="https://" />
          </div>
          <div className="field">
            <label htmlFor="markdown">{t("text")}</label>
            <textarea id="markdown" name="markdown" required aria-describedby="markdown-hint" rows={16} />
            <span className="hint" id="markdown-hint">
              {t("textHint")}
            </span>
          </div>
        </ActionForm>
      </div>
    </div>
  );
}
