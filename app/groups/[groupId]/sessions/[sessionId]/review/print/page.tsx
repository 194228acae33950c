import "../review.css";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadSessionRecord, reviewEvents } from "@/db/review";
import { AppError } from "@/lib/errors";
import { pollsFromEvents } from "@/lib/review/polls";
import { languageTag } from "@/lib/editions/editions";
import { editionPlacer, placeFinder, repliesByAnnotation, type SessionRecord } from "@/lib/review/session-record";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { PrintButton } from "./print-button";
import { guestMark } from "@/server/review-exports";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

async function record(groupId: string, sessionId: string): Promise<SessionRecord> {
  try {
    return await loadSessionRecord(groupId, sessionId, await guestMark());
  } catch (error) {
    if (error instanceof AppError) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/review/print`);
  await requireMembership(groupId, user);
  const t = await getTranslations("minutes");
  return { title: t("title", { session: (await record(groupId, sessionId)).session.title }) };
}

/** The minutes as a page made for paper: the same content as the Markdown download, print styles, no app chrome. */
export default async function PrintPage({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}/review/print`);
  await requireMembership(groupId, user);
  const data = await record(groupId, sessionId);
  const [t, tReview, tKinds, format] = await Promise.all([getTranslations("minutes"), getTranslations("review"), getTranslations("annotations.kinds"), getFormatter()]);
  const polls = pollsFromEvents(await reviewEvents(sessionId, { id: "", facilitator: false }));
  const original = placeFinder(data.blocks);
  const editions = editionPlacer(data);
  const place = (item: { start: number; end: number; edition?: string | undefined }) => {
    const at = editions.inOriginal(item);
    return at ? original(at.start) : null;
  };
  /** A passage quoted in the language it was made in, tagged with it in a session with several editions. */
  const quoted = (passage: { start: number; end: number; exact: string; edition?: string | undefined }) => {
    const tag = editions.tag(passage);
    return (
      <blockquote lang={editions.language(passage) || undefined}>
        {tag ? <span className="tag edition-tag">{tag}</span> : null} {passage.exact}
      </blockquote>
    );
  };
  const threads = repliesByAnnotation(data.replies);
  const { session, article } = data;
  const when = session.startedAt ?? session.scheduledAt;
  const minutes = session.startedAt && session.endedAt ? Math.max(1, Math.round((session.endedAt - session.startedAt) / 60_000)) : null;

  return (
    <article className="page print-page">
      <div className="print-actions">
        <Link className="button button-secondary button-small" href={`/groups/${groupId}/sessions/${sessionId}/review`}>
          ← {tReview("backToReview")}
        </Link>
        <PrintButton label={tReview("printNow")} />
      </div>
      <h1>{t("title", { session: session.title })}</h1>
      <dl className="print-meta">
        <dt>{t("group")}</dt>
        <dd>{data.group.name}</dd>
        <dt>{t("article")}</dt>
        <dd>
          {article.title}
          {article.author ? ` — ${article.author}` : ""}
        </dd>
        {data.editions.length > 1 ? (
          <>
            <dt>{t("editions")}</dt>
            <dd>{data.editions.map((edition) => `${languageTag(edition.language)} — ${edition.title}`).join("; ")}</dd>
          </>
        ) : null}
        <dt>{t("date")}</dt>
        <dd>
          {format.dateTime(new Date(when), { dateStyle: "full", timeStyle: "short" })}
          {minutes ? ` (${t("duration", { minutes })})` : ""}
        </dd>
        <dt>{t("facilitator")}</dt>
        <dd>{data.facilitator?.name ?? t("nobody")}</dd>
        <dt>{t("participants", { count: data.participants.length })}</dt>
        <dd>{data.participants.map((person) => person.name).join(", ") || t("nobody")}</dd>
      </dl>

      {data.questions.length > 0 ? (
        <section>
          <h2>{t("questions")}</h2>
          <ol>
            {data.questions.map((question) => (
              <li key={question.id}>
                <p>
                  <strong>{question.text}</strong> <span className="tag">{t(`status.${question.status}`)}</span>
                </p>
                {question.passage ? quoted(question.passage) : null}
                {question.answers.length === 0 ? <p className="muted">{t("noAnswers")}</p> : null}
                <ul>
                  {question.answers.map((answer) => (
                    <li key={answer.id}>
                      <strong>{answer.authorName}:</strong> {answer.body}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {polls.length > 0 ? (
        <section>
          <h2>{t("polls")}</h2>
          {polls.map((poll) => (
            <div key={poll.id}>
              {quoted(poll.passage)}
              <p>{t("pollTally", poll.tally)}</p>
            </div>
          ))}
        </section>
      ) : null}

      <section>
        <h2>{t("keyPassages")}</h2>
        {data.annotations.length === 0 ? <p className="muted">{t("noPassages")}</p> : null}
        {data.annotations.map((annotation) => {
          const paragraph = place(annotation)?.paragraph;
          const tag = editions.tag(annotation);
          return (
            <section key={annotation.id}>
              <h3>
                {paragraph ? t("paragraph", { n: paragraph }) : t("heading")} · {tKinds(annotation.kind)} · {annotation.authorName}
                {tag ? ` · ${tag}` : ""}
              </h3>
              <blockquote lang={editions.language(annotation) || undefined}>{annotation.exact}</blockquote>
              {annotation.bodyHtml ? <div dangerouslySetInnerHTML={{ __html: annotation.bodyHtml }} /> : null}
              <ul>
                {(threads.get(annotation.id) ?? []).map((reply) => (
                  <li key={reply.id}>
                    <strong>{reply.authorName}:</strong> <span dangerouslySetInnerHTML={{ __html: reply.bodyHtml }} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </section>

      {data.messages.length > 0 ? (
        <section>
          <h2>{t("discussion")}</h2>
          <ul>
            {data.messages.map((message) => (
              <li key={message.id}>
                <strong>{message.authorName}:</strong> {message.body}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <hr />
      <p className="muted small">
        {t("summary", { annotations: data.annotations.length, replies: data.replies.length, messages: data.messages.length })} · {t("exported")}
      </p>
    </article>
  );
}
