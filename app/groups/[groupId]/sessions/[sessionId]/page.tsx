import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleText } from "@/app/_components/article-text";
import { findArticle, findArticleVersion } from "@/db/articles";
import { listMembers } from "@/db/groups";
import { sessionSnapshot } from "@/db/session-operations";
import { findSession } from "@/db/study-sessions";
import { readingMinutes } from "@/lib/article/blocks";
import { formatJoinCode } from "@/lib/join-code";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { SessionRoom } from "./session-room";

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
  const [t, tArticle, tProjector, format] = await Promise.all([getTranslations("session"), getTranslations("article"), getTranslations("projector"), getFormatter()]);
  const members = listMembers(groupId).map((member) => ({ userId: member.userId, displayName: member.displayName }));

  return (
    <div className="page" style={{ maxWidth: "88rem" }}>
      <p className="spread">
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
        {session.joinCode && session.status !== "ended" ? (
          <span className="muted small" data-testid="session-join-code">
            {tProjector("joinCodeLine", { code: formatJoinCode(session.joinCode) })} · <Link href={`/groups/${groupId}/sessions/${session.id}/projector`}>{tProjector("open")}</Link>
          </span>
        ) : null}
      </p>
      <SessionRoom
        sessionId={session.id}
        viewer={{ id: user.id, name: user.displayName }}
        canModerate={can.runSession(role)}
        initialStatus={session.status}
        initialSnapshot={sessionSnapshot(session.id, { id: user.id, role })}
        groupMembers={members}
      >
        <p className="muted small">
          {t("heading", { title: session.title })} · {format.dateTime(session.scheduledAt, { dateStyle: "full", timeStyle: "short" })}
        </p>
        <h1 className="article-title">{article.title}</h1>
        <p className="article-meta">
          {[article.author, article.sourceName, tArticle("readingTime", { minutes: readingMinutes(version.wordCount) })].filter(Boolean).join(" · ")}
        </p>
        <ArticleText blocks={version.blocks} numberLabel={(n) => tArticle("paragraph", { n })} />
      </SessionRoom>
    </div>
  );
}
