import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findArticle, latestArticleVersion, listArticleVersions } from "@/db/articles";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { ArticleEditor } from "../../_editor/article-editor";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; articleId: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId, articleId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}/edit`);
  await requireMembership(groupId, user);
  const t = await getTranslations("articleEdit");
  return { title: t("title", { title: (await findArticle(groupId, articleId))?.title ?? "" }) };
}

async function EditArticlePage({ params }: Params) {
  const { groupId, articleId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}/edit`);
  const { role } = await requireMembership(groupId, user);
  if (!can.addArticle(role)) notFound();
  const article = await findArticle(groupId, articleId);
  const latest = article && (await latestArticleVersion(article.id));
  if (!article || !latest) notFound();
  const sessions = (await listArticleVersions(article.id)).find((entry) => entry.id === latest.id)?.sessionCount ?? 0;
  const [t, locale] = await Promise.all([getTranslations("articleEdit"), getLocale()]);
  const { id: _id, ...details } = article;
  return (
    <div className="page editor-page">
      <p>
        <Link href={`/groups/${groupId}/articles/${articleId}`}>← {article.title}</Link>
      </p>
      <h1>{t("title", { title: article.title })}</h1>
      <p className="lead">{sessions > 0 ? t("usedLead", { count: sessions, version: latest.version, next: latest.version + 1 }) : t("freeLead", { version: latest.version })}</p>
      <ArticleEditor groupId={groupId} articleId={articleId} initialDetails={details} initialBlocks={latest.blocks.map(({ id: _blockId, ...block }) => block)} locale={locale} />
    </div>
  );
}

export default withClientMessages(["articleEditor", "errors", "formErrors", "formFields", "importErrors"], EditArticlePage);
