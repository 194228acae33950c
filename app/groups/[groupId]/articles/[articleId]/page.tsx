import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleText } from "@/app/_components/article-text";
import { findArticle, latestArticleVersion } from "@/db/articles";
import { readingMinutes } from "@/lib/article/blocks";
import { requireMembership, requireUser } from "@/server/accounts/guards";

type Params = { params: Promise<{ groupId: string; articleId: string }> };

export default async function ArticlePage({ params }: Params) {
  const { groupId, articleId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}`);
  const { group } = requireMembership(groupId, user);
  const article = findArticle(groupId, articleId);
  const version = article && latestArticleVersion(article.id);
  if (!article || !version) notFound();
  const t = await getTranslations("article");
  return (
    <div className="page">
      <p>
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      <div className="article-wrap">
        <h1 className="article-title">{article.title}</h1>
        <p className="article-meta">
          {[article.author, article.sourceName, t("readingTime", { minutes: readingMinutes(version.wordCount) })].filter(Boolean).join(" · ")}
        </p>
        <ArticleText blocks={version.blocks} numberLabel={(n) => t("paragraph", { n })} />
      </div>
    </div>
  );
}
