import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { ArticleImporter } from "../_editor/article-importer";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("articleImport");
  return { title: t("title") };
}

async function NewArticlePage({ params }: Params) {
  const { groupId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/new`);
  const { group, role } = await requireMembership(groupId, user);
  if (!can.addArticle(role)) notFound();
  const [t, locale] = await Promise.all([getTranslations("articleImport"), getLocale()]);
  return (
    <div className="page editor-page">
      <p>
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ArticleImporter groupId={groupId} locale={locale} />
    </div>
  );
}

export default withClientMessages(["articleEditor", "articleImport", "errors", "formErrors", "formFields", "importErrors"], NewArticlePage);
