import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleText } from "@/app/_components/article-text";
import { findArticle, findArticleVersion } from "@/db/articles";
import { db } from "@/db/client";
import { readFacilitatorNotes } from "@/db/facilitator-notes";
import { listMembers } from "@/db/groups";
import { earlierQuestions } from "@/db/meeting";
import { sessionSnapshot } from "@/db/session-operations";
import { findSession } from "@/db/study-sessions";
import { readingMinutes } from "@/lib/article/blocks";
import { formatJoinCode } from "@/lib/join-code";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { SessionRoom } from "./session-room";

type Props = { groupId: string; sessionId: string; mode: "meeting" | "prepare" };

/** The session page and the preparation view: the same room, with the meeting panels or the preparation. */
export async function SessionView({ groupId, sessionId, mode }: Props) {
  const path = `/groups/${groupId}/sessions/${sessionId}${mode === "prepare" ? "/prepare" : ""}`;
  const user = await requireUser(path);
  const { group, role } = requireMembership(groupId, user);
  const session = findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  if (mode === "prepare" && (!can.runSession(role) || session.status === "ended")) notFound();
  const article = findArticle(groupId, session.articleId);
  const version = findArticleVersion(session.articleVersionId);
  if (!article || !version) notFound();
  const [t, tArticle, format] = await Promise.all([getTranslations("session"), getTranslations("article"), getFormatter()]);
  const members = listMembers(groupId).map((member) => ({ userId: member.userId, displayName: member.displayName }));
  const preparation =
    mode === "prepare"
      ? { earlier: db().transaction((tx) => earlierQuestions({ tx, groupId, articleId: session.articleId, excludeSessionId: session.id })), notes: readFacilitatorNotes(session.id, user.id) }
      : undefined;

  return (
    <div className="page" style={{ maxWidth: "88rem" }}>
      <nav className="spread small" aria-label={t("sessionLinks")}>
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
        {can.runSession(role) && session.status !== "ended" ? (
          <span className="row">
            {mode === "prepare" ? <Link href={`/groups/${groupId}/sessions/${sessionId}`}>{t("backToMeeting")}</Link> : <Link href={`/groups/${groupId}/sessions/${sessionId}/prepare`}>{t("prepare")}</Link>}
          </span>
        ) : null}
      </nav>
      <SessionRoom
        sessionId={session.id}
        viewer={{ id: user.id, name: user.displayName }}
        canModerate={can.runSession(role)}
        initialStatus={session.status}
        initialSnapshot={sessionSnapshot(session.id, { id: user.id, role })}
        groupMembers={members}
        mode={mode}
        preparation={preparation}
      >
        <p className="muted small">
          {mode === "prepare" ? t("preparing", { title: session.title }) : t("heading", { title: session.title })} · {format.dateTime(session.scheduledAt, { dateStyle: "full", timeStyle: "short" })}
          {session.joinCode && session.status !== "ended" ? ` · ${t("joinCode", { code: formatJoinCode(session.joinCode) })}` : ""}
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
