import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArticleText } from "@/app/_components/article-text";
import { articleTextLabels } from "@/app/groups/[groupId]/articles/[articleId]/reader-labels";
import { GroupInitialsProvider } from "@/app/_components/avatar";
import { GuestMarksProvider } from "@/app/_components/guest-badge";
import { findArticle, findArticleVersion } from "@/db/articles";
import { editionChoice, readingEditions } from "@/db/editions";
import { listMembers } from "@/db/groups";
import { listGuests } from "@/db/guests";
import { openQuestions, upcomingSessions } from "@/db/carry-over";
import { reviewEvents, sessionFacilitator, sessionParticipants } from "@/db/review";
import { discussionRemovedAt } from "@/db/retention";
import { findSession } from "@/db/study-sessions";
import { readingMinutes } from "@/lib/article/blocks";
import { findReadingEdition } from "@/lib/editions/editions";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { CarryOver } from "./carry-over";
import { editionKey } from "../editions/edition-key";
import { ReviewEditionLinks } from "./review-edition-links";
import { ReviewRoom } from "./review-room";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; sessionId: string }>; searchParams: Promise<{ focus?: string; edition?: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/review`);
  await requireMembership(groupId, user);
  const session = await findSession(sessionId);
  const t = await getTranslations("review");
  return { title: session?.groupId === groupId ? t("pageTitle", { title: session.title }) : undefined };
}

/** The read-only review of a past session: the article with every shared thread, replay, filters and exports. */
async function ReviewPage({ params, searchParams }: Params) {
  const { groupId, sessionId } = await params;
  const { focus, edition: asked } = await searchParams;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/review`);
  const { group, role } = await requireMembership(groupId, user);
  const session = await findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  const article = await findArticle(groupId, session.articleId);
  const version = await findArticleVersion(session.articleVersionId);
  if (!article || !version) notFound();
  const [t, tArticle, format] = await Promise.all([getTranslations("review"), getTranslations("article"), getFormatter()]);
  const base = `/groups/${groupId}/sessions/${sessionId}`;

  if (session.status !== "ended") {
    return (
      <div className="page page-narrow">
        <p>
          <Link href={`/groups/${groupId}`}>← {group.name}</Link>
        </p>
        <h1>{session.title}</h1>
        <p className="lead">{t("notEnded")}</p>
        <Link className="button" href={base}>
          {t("openLive")}
        </Link>
      </div>
    );
  }

  const removedAt = await discussionRemovedAt(sessionId);
  const editions = await readingEditions(article, version);
  // Read in the edition the address names, else the one the member reads the article in (the original by default).
  const wanted = asked === undefined ? (await editionChoice(user.id, article.id)).edition : asked === "original" ? null : asked;
  const reading = findReadingEdition(editions, wanted) ?? editions[0]!;
  const tRetention = await getTranslations("retentionNotice");
  const facilitator = await sessionFacilitator(sessionId);
  const participants = await sessionParticipants(sessionId);
  const events = await reviewEvents(sessionId, { id: user.id, facilitator: can.runSession(role) });
  const guests = await listGuests(sessionId);
  const members = [...(await listMembers(groupId)), ...guests].map((member) => ({ userId: member.userId, displayName: member.displayName }));
  const started = session.startedAt ?? session.scheduledAt;
  const minutes = session.endedAt ? Math.max(1, Math.round((session.endedAt.getTime() - started.getTime()) / 60_000)) : null;
  const carry = can.runSession(role)
    ? {
        open: await openQuestions(sessionId),
        targets: (await upcomingSessions(groupId)).map((target) => ({ id: target.id, label: `${target.title} · ${format.dateTime(target.scheduledAt, { dateStyle: "medium" })}` })),
      }
    : null;

  return (
    <div className="page review-page">
      <nav className="review-crumbs small" aria-label={t("breadcrumbs")}>
        <Link href={`/groups/${groupId}`}>{group.name}</Link>
        <span aria-hidden="true"> / </span>
        <Link href={`/groups/${groupId}#archive-title`}>{t("archive")}</Link>
      </nav>
      <header className="review-header">
        <div>
          <p className="review-kicker">
            <span className="badge badge-ended">{t("ended")}</span> {format.dateTime(started, { dateStyle: "full", timeStyle: "short" })}
            {minutes ? ` · ${t("duration", { minutes })}` : ""}
          </p>
          <h1>{session.title}</h1>
          <p className="muted review-people">
            {facilitator ? t("facilitatedBy", { name: facilitator.name }) : null}
            {facilitator ? " · " : null}
            {t("participants", { count: participants.length, names: participants.map((person) => person.name).join(", ") })}
          </p>
        </div>
        <div className="review-exports" role="group" aria-label={t("exports")}>
          <a className="button button-small" href={`${base}/export/minutes`} download>
            {t("downloadMinutes")}
          </a>
          <Link className="button button-secondary button-small" href={`${base}/review/print`}>
            {t("print")}
          </Link>
          <a className="button button-secondary button-small" href={`${base}/export/annotations`} download>
            {t("downloadJsonLd")}
          </a>
        </div>
      </header>
      {removedAt ? (
        <p className="alert retention-removed" data-testid="discussion-removed">
          {tRetention("reviewRemoved", { date: format.dateTime(removedAt, { dateStyle: "long" }) })}
        </p>
      ) : null}
      {editions.length > 1 ? <ReviewEditionLinks base={`${base}/review`} editions={editions} reading={reading.id} /> : null}
      {carry && carry.open.length > 0 ? <CarryOver groupId={groupId} sessionId={sessionId} open={carry.open} targets={carry.targets} /> : null}
      <GroupInitialsProvider people={members.map((member) => ({ id: member.userId, name: member.displayName }))}>
        <GuestMarksProvider guestIds={guests.map((guest) => guest.userId)}>
          <ReviewRoom
            // Another edition is another text: the room starts afresh on it (its index of the text, its highlights).
            key={editionKey(reading.id)}
            groupId={groupId}
            sessionId={sessionId}
            viewer={{ id: user.id, name: user.displayName }}
            events={events}
            blocks={reading.blocks}
            editions={editions.length > 1 ? editions.map(({ id, language, blocks, alignment }) => ({ id, language, blocks, alignment })) : []}
            reading={reading.id}
            members={members}
            startedAt={started.getTime()}
            endedAt={(session.endedAt ?? started).getTime()}
            focus={focus ?? null}
          >
            <h2 className="article-title review-article-title" lang={reading.language || undefined}>
              {reading.title}
            </h2>
            <p className="article-meta">
              {[article.author, article.sourceName, tArticle("readingTime", { minutes: readingMinutes(version.wordCount) })].filter(Boolean).join(" · ")}
            </p>
            <div lang={reading.language || undefined}>
              <ArticleText blocks={reading.blocks} labels={articleTextLabels(tArticle)} />
            </div>
          </ReviewRoom>
        </GuestMarksProvider>
      </GroupInitialsProvider>
    </div>
  );
}

export default withClientMessages(["annotations", "article", "errors", "formErrors", "formFields", "guests", "review"], ReviewPage);
