import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findArticle, latestArticleVersion } from "@/db/articles";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { EditionImporter } from "../edition-importer";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; articleId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("editions");
  return { title: t("newTitle") };
}

async function NewEditionPage({ params }: Params) {
  const { groupId, articleId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}/editions/new`);
  const { role } = await requireMembership(groupId, user);
  if (!can.addArticle(role)) notFound();
  const article = await findArticle(groupId, articleId);
  const version = article && (await latestArticleVersion(article.id));
  if (!article || !version) notFound();
  const [t, locale] = await Promise.all([getTranslations("editions"), getLocale()]);
  return (
    <div className="page editor-page edition-page">
      <p>
        <Link href={`/groups/${groupId}/articles/${articleId}`}>← {article.title}</Link>
      </p>
      <h1>{t("newTitle")}</h1>
      <p className="lead">{t("newLead")}</p>
      <EditionImporter groupId={groupId} articleId={articleId} locale={locale} originalLanguage={article.language} original={version.blocks} />
    </div>
  );
}

export default withClientMessages(["articleImport", "editionEditor", "errors", "formErrors", "formFields", "importErrors"], NewEditionPage);
