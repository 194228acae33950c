import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cookies } from "next/headers";
import { GroupInitialsProvider } from "@/app/_components/avatar";
import { Reader } from "@/app/_components/reader/reader";
import { readerLabels } from "@/app/groups/[groupId]/articles/[articleId]/reader-labels";
import { findArticle, findArticleVersion } from "@/db/articles";
import { db } from "@/db/client";
import { readFacilitatorNotes } from "@/db/facilitator-notes";
import { listMembers } from "@/db/groups";
import { sessionGuestIds } from "@/db/guests";
import { earlierQuestions } from "@/db/meeting";
import { sessionSnapshot } from "@/db/session-operations";
import { findSession } from "@/db/study-sessions";
import { formatJoinCode } from "@/lib/join-code";
import type { Snapshot } from "@/lib/protocol";
import { parseTextSize, parseTheme, TEXT_SIZE_COOKIE, THEME_COOKIE } from "@/lib/reader-preferences";
import { can } from "@/lib/roles";
import { requireSessionAccess, requireUser } from "@/server/accounts/guards";
import { loadSessionEditions } from "./editions/session-editions";
import { MoveSession } from "./move-session";
import { SessionRoom } from "./session-room";

type Props = { groupId: string; sessionId: string; mode: "meeting" | "prepare" };

/** The session page and the preparation view: the same room, with the meeting panels or the preparation. */
export async function SessionView({ groupId, sessionId, mode }: Props) {
  const path = `/groups/${groupId}/sessions/${sessionId}${mode === "prepare" ? "/prepare" : ""}`;
  const user = await requireUser(path);
  const { group, role } = await requireSessionAccess(groupId, sessionId, user);
  const guest = role === "guest";
  const session = await findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  if (mode === "prepare" && (!can.runSession(role) || session.status === "ended")) notFound();
  const article = await findArticle(groupId, session.articleId);
  const version = await findArticleVersion(session.articleVersionId);
  if (!article || !version) notFound();
  const [t, tProjector, tCalendar, labels, format, jar] = await Promise.all([
    getTranslations("session"),
    getTranslations("projector"),
    getTranslations("calendar"),
    readerLabels(),
    getFormatter(),
    cookies(),
  ]);
  // The page carries the session without its annotation layer, which it fetches after its first paint.
  const snapshot = await sessionSnapshot(session.id, { id: user.id, role }, { layer: false });
  // A guest sees who is in the room and who wrote what, never the group's member list.
  const members = guest
    ? peopleIn(await sessionSnapshot(session.id, { id: user.id, role }))
    : (await listMembers(groupId)).map((member) => ({ userId: member.userId, displayName: member.displayName }));
  const preparation =
    mode === "prepare"
      ? {
          earlier: db().transaction((tx) => earlierQuestions({ tx, groupId, articleId: session.articleId, excludeSessionId: session.id })),
          notes: await readFacilitatorNotes(session.id, user.id),
        }
      : undefined;

  const heading = (
    <p className="muted small">
      {mode === "prepare" ? t("preparing", { title: session.title }) : t("heading", { title: session.title })} ·{" "}
      {format.dateTime(session.scheduledAt, { dateStyle: "full", timeStyle: "short" })}
    </p>
  );
  const reader = {
    labels,
    textSize: parseTextSize(jar.get(TEXT_SIZE_COOKIE)?.value),
    theme: parseTheme(jar.get(THEME_COOKIE)?.value),
    formatDate: (date: string) => format.dateTime(new Date(`${date}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" }),
  };
  const editions = await loadSessionEditions({ groupId, userId: user.id, article, version, heading, reader });

  return (
    <div className="page" style={{ maxWidth: "88rem" }}>
      <nav className="spread small session-links" aria-label={t("sessionLinks")}>
        {guest ? (
          <span className="muted">{group.name}</span>
        ) : (
          <Link href={`/groups/${groupId}`} prefetch={false}>
            ← {group.name}
          </Link>
        )}
        <span className="row">
          {session.status === "planned" && !guest ? (
            <a href={`/groups/${groupId}/sessions/${session.id}/calendar`} download data-testid="session-calendar-file">
              {tCalendar("sessionFile")}
            </a>
          ) : null}
          {session.joinCode && session.status !== "ended" && !guest ? (
            <span className="muted session-join" data-testid="session-join-code">
              {tProjector("joinCodeLine", { code: formatJoinCode(session.joinCode) })}
              <span className="session-join-separator" aria-hidden="true">
                {" · "}
              </span>
              <Link href={`/groups/${groupId}/sessions/${session.id}/projector`} prefetch={false}>
                {tProjector("open")}
              </Link>
            </span>
          ) : null}
          {can.runSession(role) && session.status !== "ended" ? (
            mode === "prepare" ? (
              <Link href={`/groups/${groupId}/sessions/${sessionId}`} prefetch={false}>
                {t("backToMeeting")}
              </Link>
            ) : (
              <Link href={`/groups/${groupId}/sessions/${sessionId}/prepare`} prefetch={false}>
                {t("prepare")}
              </Link>
            )
          ) : null}
        </span>
      </nav>
      <GroupInitialsProvider people={members.map((member) => ({ id: member.userId, name: member.displayName }))}>
        <SessionRoom
          sessionId={session.id}
          reviewHref={`/groups/${groupId}/sessions/${sessionId}/review`}
          viewer={{ id: user.id, name: user.displayName }}
          canModerate={can.runSession(role)}
          initialStatus={session.status}
          initialSnapshot={snapshot}
          layerHref={`/groups/${groupId}/sessions/${sessionId}/layer`}
          guestIds={await sessionGuestIds(session.id)}
          viewerIsGuest={guest}
          groupMembers={members}
          mode={mode}
          preparation={preparation}
          editions={editions}
        >
          {heading}
          {mode === "prepare" && session.status === "planned" && can.scheduleSession(role) ? <MoveSession sessionId={session.id} /> : null}
          <Reader article={article} blocks={version.blocks} {...reader} />
        </SessionRoom>
      </GroupInitialsProvider>
    </div>
  );
}

/** Everyone whose words a snapshot shows, for a guest's filters and initials. */
function peopleIn(snapshot: Snapshot): { userId: string; displayName: string }[] {
  const people = new Map<string, string>();
  for (const item of [...snapshot.annotations, ...snapshot.replies, ...snapshot.messages, ...snapshot.answers]) people.set(item.authorId, item.authorName);
  return [...people].map(([userId, displayName]) => ({ userId, displayName }));
}
