import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleText } from "@/app/_components/article-text";
import { findArticle, findArticleVersion } from "@/db/articles";
import { findSession } from "@/db/study-sessions";
import { readingMinutes } from "@/lib/article/blocks";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { SessionLive } from "./session-live";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}`);
  requireMembership(groupId, user);
  const session = findSession(sessionId);
  return { title: session?.groupId === groupId ? session.title : undefined };
}

export default async function SessionPage({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}`);
  const { group, role } = requireMembership(groupId, user);
  const session = findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  const article = findArticle(groupId, session.articleId);
  const version = findArticleVersion(session.articleVersionId);
  if (!article || !version) notFound();
  const [t, tArticle, format] = await Promise.all([getTranslations("session"), getTranslations("article"), getFormatter()]);

  return (
    <div className="page">
      <p className="back-link">
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      <p className="session-heading">
        <span className="strong">{t("heading", { title: session.title })}</span>
        <time className="muted" dateTime={session.scheduledAt.toISOString()}>
          {format.dateTime(session.scheduledAt, { dateStyle: "full", timeStyle: "short" })}
        </time>
      </p>
      <div className="session-layout">
        <div>
          <div className="article-wrap">
            <h1 className="article-title">{article.title}</h1>
            <p className="article-meta">
              {[article.author, article.sourceName, tArticle("readingTime", { minutes: readingMinutes(version.wordCount) })].filter(Boolean).join(" · ")}
            </p>
            <ArticleText blocks={version.blocks} numberLabel={(n) => tArticle("paragraph", { n })} />
          </div>
        </div>
        <SessionLive sessionId={session.id} initialStatus={session.status} canRun={can.runSession(role)} selfId={user.id} />
      </div>
    </div>
  );
}
