import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { sessionGuestIds } from "@/db/guests";
import { findArticle, findArticleVersion } from "@/db/articles";
import { readingEditions } from "@/db/editions";
import { sessionSnapshot } from "@/db/session-operations";
import { findSession } from "@/db/study-sessions";
import { pageSpans } from "@/lib/article/pages";
import { numberedSpans } from "@/lib/article/passage-paragraphs";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { joinInvitation } from "@/server/join-invitation";
import { ProjectorView } from "./projector-view";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; sessionId: string }>; searchParams: Promise<{ edition?: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/projector`);
  await requireMembership(groupId, user);
  const session = await findSession(sessionId);
  const t = await getTranslations("projector");
  return { title: session?.groupId === groupId ? t("title", { title: session.title }) : undefined };
}

/** The room's screen for a study session: follows the facilitator live, needs no one to touch it. Members only. */
async function ProjectorPage({ params, searchParams }: Params) {
  const { groupId, sessionId } = await params;
  const { edition } = await searchParams;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/projector`);
  const { group, role } = await requireMembership(groupId, user);
  const session = await findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  const version = await findArticleVersion(session.articleVersionId);
  const article = await findArticle(groupId, session.articleId);
  if (!version || !article) notFound();
  // A bilingual session's screen can show the focused passage in one edition or in all of them.
  const editions = await readingEditions(article, version);
  return (
    <ProjectorView
      sessionId={session.id}
      viewer={{ id: user.id, name: user.displayName }}
      initialStatus={session.status}
      initialSnapshot={await sessionSnapshot(session.id, { id: user.id, role })}
      serverNow={Date.now()}
      groupName={group.name}
      title={session.title}
      articleTitle={session.articleTitle}
      paragraphs={numberedSpans(version.blocks)}
      pages={pageSpans(version.blocks)}
      invitation={session.joinCode ? await joinInvitation(session.joinCode) : null}
      editions={
        editions.length > 1
          ? editions.map(({ id, language, title, blocks, alignment }) => ({ id, language, title, blocks, alignment, paragraphs: numberedSpans(blocks), pages: pageSpans(blocks) }))
          : []
      }
      initialShown={edition ?? "all"}
      guestIds={await sessionGuestIds(session.id)}
    />
  );
}

export default withClientMessages(["guests", "projector", "session", "thread"], ProjectorPage);
