import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findArticle, latestArticleVersion } from "@/db/articles";
import { findEdition } from "@/db/editions";
import { fitAlignment } from "@/lib/editions/alignment";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { EditionEditor } from "../edition-editor";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; articleId: string; editionId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("editions");
  return { title: t("fix") };
}

/** An edition's alignment, to check and fix again (against the original's latest version). */
async function EditionPage({ params }: Params) {
  const { groupId, articleId, editionId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}/editions/${editionId}`);
  const { role } = await requireMembership(groupId, user);
  if (!can.addArticle(role)) notFound();
  const article = await findArticle(groupId, articleId);
  const version = article && (await latestArticleVersion(article.id));
  const edition = article && (await findEdition(article.id, editionId));
  if (!article || !version || !edition) notFound();
  const [t, locale] = await Promise.all([getTranslations("editions"), getLocale()]);
  const language = new Intl.DisplayNames([locale], { type: "language" }).of(edition.language) ?? edition.language;
  return (
    <div className="page editor-page edition-page">
      <p>
        <Link href={`/groups/${groupId}/articles/${articleId}`}>← {article.title}</Link>
      </p>
      <h1>{t("editTitle", { language })}</h1>
      <p className="lead">{t("editLead")}</p>
      <EditionEditor
        groupId={groupId}
        articleId={articleId}
        locale={locale}
        originalLanguage={article.language}
        original={version.blocks}
        initial={{
          language: edition.language,
          title: edition.title,
          sourceUrl: edition.sourceUrl,
          blocks: edition.blocks,
          alignment: fitAlignment(edition.alignment, version.blocks, edition.blocks),
        }}
      />
    </div>
  );
}

export default withClientMessages(["editionEditor", "errors", "formErrors", "formFields"], EditionPage);
