"use client";

import "../session.css";
import "./review.css";
import "../editions/editions.css";
import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState, useTransition } from "react";
import { GuestBadge } from "@/app/_components/guest-badge";
import { Avatar } from "@/app/_components/avatar";
import { ErrorMessage } from "@/app/_components/error-message";
import { newId } from "@/app/_live/use-live-session";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { Block } from "@/lib/article/blocks";
import type { ReadingEdition } from "@/lib/editions/editions";
import type { ErrorBody } from "@/lib/errors";
import type { AnswerView, MessageView, Operation, QuestionView, SessionEventView } from "@/lib/protocol";
import { activityHistogram, heatByBlock } from "@/lib/review/activity";
import { layerInEdition } from "@/lib/review/in-edition";
import { buildTimeline, countAt, stateAfter, visibleItems } from "@/lib/review/replay";
import { placeFinder } from "@/lib/review/session-record";
import { AnnotationCard, Composer } from "../annotation-card";
import { EditionLabelsProvider, EditionTag } from "../editions/edition-context";
import { editionKey } from "../editions/edition-key";
import { KindMarker } from "../kind-marker";
import { KindToggles } from "../kind-toggles";
import { noteAction } from "./actions";
import { clock, ReplayBar } from "./replay-bar";
import { ReviewArticle, type Selected } from "./review-article";

type Props = {
  groupId: string;
  sessionId: string;
  viewer: { id: string; name: string };
  events: SessionEventView[];
  /** The text the review is read in: the original's, or the chosen edition's. */
  blocks: Block[];
  /** Every text the session read when its article has editions in other languages (the original first); empty otherwise. */
  editions: ReadingEdition[];
  /** The edition the review is read in (null: the original). */
  reading: string | null;
  members: { userId: string; displayName: string }[];
  startedAt: number;
  endedAt: number;
  /** What a link asked to open: "annotation:ID", "message:ID", "question:ID" or "block:ID". */
  focus: string | null;
  children: React.ReactNode;
};

type Tab = "annotations" | "questions" | "thread";
type Spot = { blockId: string; ids: string[] };

/**
 * The review of an ended session: the article with every shared annotation, the questions
 * with their answers and the session thread, read-only, with filters, a heat strip, an
 * activity chart and a replay over the event log. Members can still add private notes.
 */
export function ReviewRoom({ groupId, sessionId, viewer, events: initialEvents, blocks, editions, reading, members, startedAt, endedAt, focus, children }: Props) {
  const t = useTranslations("review");
  const tNotes = useTranslations("annotations");
  const [events, setEvents] = useState(initialEvents);
  const [time, setTime] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(10);
  const [tab, setTab] = useState<Tab>("annotations");
  const [view, setView] = useState<"text" | "discussion">("text");
  const [memberFilter, setMemberFilter] = useState("all");
  const [kinds, setKinds] = useState<Set<AnnotationKind>>(new Set(annotationKinds));
  const [questionFilter, setQuestionFilter] = useState("all");
  const [spot, setSpot] = useState<Spot | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [scrollTo, setScrollTo] = useState<{ start: number; end: number; at: number } | null>(null);
  const [selection, setSelection] = useState<Selected | null>(null);
  const [draft, setDraft] = useState<{ passage: Selected; kind: AnnotationKind } | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [, startNote] = useTransition();

  const timeline = useMemo(() => buildTimeline(events, { start: startedAt, end: endedAt }), [events, startedAt, endedAt]);
  const shown = time === null ? events.length : countAt(timeline, time);
  // What was made on another edition than the one read shows on the paragraphs aligned with it.
  const { layer, unplaced } = useMemo(() => layerInEdition(visibleItems(stateAfter(timeline, shown)), editions, reading), [timeline, shown, editions, reading]);
  const editionLabels = useMemo(
    () => (editions.length > 1 ? { languages: Object.fromEntries(editions.map((edition) => [editionKey(edition.id), edition.language])), reading } : null),
    [editions, reading],
  );
  const histogram = useMemo(() => activityHistogram(events, startedAt, endedAt), [events, startedAt, endedAt]);
  const place = useMemo(() => placeFinder(blocks), [blocks]);

  const byMember = useCallback((authorId: string) => memberFilter === "all" || authorId === memberFilter, [memberFilter]);
  const focusedQuestion = questionFilter === "all" ? null : (layer.questions.find((question) => question.id === questionFilter) ?? null);
  const annotations = useMemo(
    () =>
      layer.annotations.filter(
        (annotation) =>
          kinds.has(annotation.kind) &&
          byMember(annotation.authorId) &&
          (!focusedQuestion?.passage || (annotation.start < focusedQuestion.passage.end && annotation.end > focusedQuestion.passage.start)),
      ),
    [layer.annotations, kinds, byMember, focusedQuestion],
  );
  // Annotations aligned with nothing in the original are listed, never placed in the text.
  const elsewhere = focusedQuestion?.passage ? [] : unplaced.filter((annotation) => kinds.has(annotation.kind) && byMember(annotation.authorId));
  const listed = spot ? annotations.filter((annotation) => spot.ids.includes(annotation.id)) : [...annotations, ...elsewhere];
  const repliesOf = useMemo(() => {
    const map = new Map<string, typeof layer.replies>();
    for (const reply of layer.replies) map.set(reply.annotationId, [...(map.get(reply.annotationId) ?? []), reply]);
    return map;
  }, [layer]);
  const questions = layer.questions.filter(
    (question) =>
      (questionFilter === "all" || question.id === questionFilter) &&
      (memberFilter === "all" || question.authorId === memberFilter || layer.answers.some((answer) => answer.questionId === question.id && answer.authorId === memberFilter)),
  );
  const messages = layer.messages.filter((message) => byMember(message.authorId));
  const heat = useMemo(() => heatByBlock(blocks, { ...layer, annotations, messages }), [blocks, layer, annotations, messages]);

  const openFocus = useCallback(
    (target: string) => {
      const [kind, id] = [target.slice(0, target.indexOf(":")), target.slice(target.indexOf(":") + 1)];
      const everything = layerInEdition(visibleItems(stateAfter(timeline, events.length)), editions, reading).layer;
      if (kind === "annotation") {
        const annotation = everything.annotations.find((item) => item.id === id);
        if (!annotation) return;
        setTab("annotations");
        setActiveId(id);
        setExpanded(new Set([id]));
        setScrollTo({ start: annotation.start, end: annotation.end, at: Date.now() });
        requestAnimationFrame(() => document.querySelector(`[data-annotation-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "nearest" }));
      } else if (kind === "message" || kind === "question") {
        setTab(kind === "message" ? "thread" : "questions");
        setView("discussion");
        const item = kind === "message" ? everything.messages.find((message) => message.id === id) : everything.questions.find((question) => question.id === id);
        const passage = item && ("quote" in item ? item.quote : item.passage);
        if (passage) setScrollTo({ start: passage.start, end: passage.end, at: Date.now() });
        setActiveId(id);
        requestAnimationFrame(() => document.getElementById(`${kind}-${id}`)?.scrollIntoView({ block: "center" }));
      } else if (kind === "block") {
        document.querySelector(`[data-block-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: "center" });
      }
    },
    [events.length, timeline, editions, reading],
  );

  useEffect(() => {
    if (focus) openFocus(focus);
  }, [focus, openFocus]);

  const submit = useCallback(
    (operation: Operation): ErrorBody | null => {
      startNote(async () => {
        const result = await noteAction(groupId, sessionId, operation);
        if (result.ok) {
          setEvents((current) => [...current, result.event]);
          setError(null);
        } else setError(result.error);
      });
      return null;
    },
    [groupId, sessionId],
  );

  const onOpenSpot = useCallback((blockId: string, ids: string[]) => {
    setSpot({ blockId, ids });
    setTab("annotations");
    setView("discussion");
    setExpanded(new Set(ids));
    setActiveId(ids[0] ?? null);
  }, []);

  const onSelect = useCallback((passage: Selected | null) => setSelection(passage), []);

  const counts = { annotations: annotations.length + elsewhere.length, questions: questions.length, thread: messages.length };

  return (
    <EditionLabelsProvider value={editionLabels}>
      <div className="review-room" data-view={view}>
        <ReplayBar
          start={timeline.start}
          end={timeline.end}
          time={time}
          playing={playing}
          speed={speed}
          shownEvents={shown}
          totalEvents={events.length}
          histogram={histogram}
          onTime={setTime}
          onPlaying={setPlaying}
          onSpeed={setSpeed}
        />
        <div className="review-switch" role="group" aria-label={t("viewLabel")}>
          <button type="button" className="kind-chip" aria-pressed={view === "text"} onClick={() => setView("text")}>
            {t("viewText")}
          </button>
          <button type="button" className="kind-chip" aria-pressed={view === "discussion"} onClick={() => setView("discussion")}>
            {t("viewDiscussion", { count: counts.annotations + counts.questions + counts.thread })}
          </button>
        </div>
        <div className="review-columns">
          <div className="review-main">
            <ReviewArticle
              annotations={annotations}
              heat={heat}
              activeId={activeId}
              spotBlockId={spot?.blockId ?? null}
              scrollTo={scrollTo}
              onOpenSpot={onOpenSpot}
              onSelect={onSelect}
            >
              {children}
            </ReviewArticle>
            {selection && !draft ? (
              <div className="note-toolbar" role="toolbar" aria-label={t("noteToolbar")} data-testid="selection-toolbar">
                <span className="small muted">{t("noteHint")}</span>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setDraft({ passage: selection, kind: "key_point" });
                    setSelection(null);
                    setTab("annotations");
                    setView("discussion");
                  }}
                >
                  {t("addNote")}
                </button>
                <button type="button" className="button button-secondary button-small" onClick={() => (setSelection(null), window.getSelection()?.removeAllRanges())}>
                  {tNotes("cancel")}
                </button>
              </div>
            ) : null}
          </div>

          <aside className="review-sidebar card" aria-label={t("sidebarLabel")} data-testid="review-sidebar">
            <div className="sidebar-tabs" role="tablist" aria-label={t("tabsLabel")}>
              {(["annotations", "questions", "thread"] as const).map((name) => (
                <button key={name} type="button" role="tab" id={`tab-${name}`} aria-selected={tab === name} aria-controls={`panel-${name}`} onClick={() => setTab(name)}>
                  {t(`tabs.${name}`, { count: counts[name] })}
                </button>
              ))}
            </div>
            <div className="filters">
              <label className="row small" htmlFor="review-member">
                {t("filterMember")}
                <select id="review-member" value={memberFilter} onChange={(event) => setMemberFilter(event.target.value)} style={{ width: "auto" }}>
                  <option value="all">{t("everyone")}</option>
                  {members.map((member) => (
                    <option key={member.userId} value={member.userId}>
                      {member.displayName}
                    </option>
                  ))}
                </select>
              </label>
              <label className="row small" htmlFor="review-question">
                {t("filterQuestion")}
                <select id="review-question" value={questionFilter} onChange={(event) => setQuestionFilter(event.target.value)} style={{ width: "auto", maxWidth: "100%" }}>
                  <option value="all">{t("allQuestions")}</option>
                  {layer.questions.map((question) => (
                    <option key={question.id} value={question.id}>
                      {question.text}
                    </option>
                  ))}
                </select>
              </label>
              {tab === "annotations" ? (
                <KindToggles kinds={kinds} onChange={setKinds} label={t("filterKinds")}>
                  <button type="button" className="link-button small" onClick={() => setKinds(new Set(kinds.size === 1 && kinds.has("question") ? annotationKinds : ["question"]))}>
                    {kinds.size === 1 && kinds.has("question") ? t("allKinds") : t("onlyQuestions")}
                  </button>
                </KindToggles>
              ) : null}
            </div>
            {error ? <ErrorMessage error={error} /> : null}

            {tab === "annotations" ? (
              <div role="tabpanel" id="panel-annotations" aria-labelledby="tab-annotations" className="stack">
                {draft ? (
                  <NoteComposer
                    draft={draft}
                    onKind={(kind) => setDraft({ ...draft, kind })}
                    onCancel={() => setDraft(null)}
                    onSave={(body) => {
                      const error = submit({
                        type: "annotation.create",
                        annotationId: newId(),
                        kind: draft.kind,
                        visibility: "private",
                        passage: reading ? { ...draft.passage, edition: reading } : draft.passage,
                        body,
                      });
                      if (!error) {
                        setDraft(null);
                        setTime(null);
                        window.getSelection()?.removeAllRanges();
                      }
                      return error;
                    }}
                  />
                ) : null}
                {spot ? (
                  <div className="spread small">
                    <span>{t("atSpot", { count: listed.length })}</span>
                    <button type="button" className="link-button" onClick={() => setSpot(null)}>
                      {t("showAll")}
                    </button>
                  </div>
                ) : null}
                {listed.length === 0 ? <p className="empty">{time === null ? t("noAnnotations") : t("noAnnotationsYet")}</p> : null}
                <ul className="annotation-list">
                  {listed.map((annotation) => (
                    <AnnotationCard
                      key={annotation.id}
                      annotation={annotation}
                      replies={(repliesOf.get(annotation.id) ?? []).filter((reply) => byMember(reply.authorId) || byMember(annotation.authorId))}
                      viewerId={viewer.id}
                      canModerate={false}
                      readOnly
                      active={annotation.id === activeId}
                      expanded={expanded.has(annotation.id)}
                      onSubmit={submit}
                      onShowPassage={(item) => {
                        setActiveId(item.id);
                        setScrollTo({ start: item.start, end: item.end, at: Date.now() });
                        setView("text");
                      }}
                      onExpand={() => setExpanded((current) => new Set(current).add(annotation.id))}
                    />
                  ))}
                </ul>
              </div>
            ) : null}

            {tab === "questions" ? (
              <div role="tabpanel" id="panel-questions" aria-labelledby="tab-questions">
                <QuestionList
                  questions={questions}
                  answers={layer.answers.filter((answer) => byMember(answer.authorId) || memberFilter === "all")}
                  activeId={activeId}
                  paragraphOf={(offset) => place(offset)?.paragraph ?? null}
                  onShowPassage={(passage, id) => {
                    setActiveId(id);
                    setScrollTo({ ...passage, at: Date.now() });
                    setView("text");
                  }}
                />
              </div>
            ) : null}

            {tab === "thread" ? (
              <div role="tabpanel" id="panel-thread" aria-labelledby="tab-thread">
                <Thread
                  messages={messages}
                  activeId={activeId}
                  onShowPassage={(passage, id) => {
                    setActiveId(id);
                    setScrollTo({ ...passage, at: Date.now() });
                    setView("text");
                  }}
                />
              </div>
            ) : null}
            {time !== null ? <p className="small muted">{t("replayNote", { time: clock(time - timeline.start) })}</p> : null}
          </aside>
        </div>
      </div>
    </EditionLabelsProvider>
  );
}

function NoteComposer({
  draft,
  onKind,
  onCancel,
  onSave,
}: {
  draft: { passage: Selected; kind: AnnotationKind };
  onKind: (kind: AnnotationKind) => void;
  onCancel: () => void;
  onSave: (body: string) => ErrorBody | null;
}) {
  const t = useTranslations("review");
  const tNotes = useTranslations("annotations");
  return (
    <section className="annotation-card" aria-label={t("newNote")} data-testid="note-draft">
      <p className="small muted">{t("notePrivate")}</p>
      <blockquote className="annotation-quote">{draft.passage.exact}</blockquote>
      <div className="kind-chips" role="group" aria-label={tNotes("kindLabel")}>
        {annotationKinds.map((kind) => (
          <button key={kind} type="button" className="kind-chip" aria-pressed={draft.kind === kind} onClick={() => onKind(kind)}>
            <KindMarker kind={kind} />
            {tNotes(`kinds.${kind}`)}
          </button>
        ))}
      </div>
      <Composer initial="" submitLabel={t("saveNote")} onCancel={onCancel} onSave={onSave} allowEmpty />
    </section>
  );
}

type Passage = { start: number; end: number; exact: string };

function QuestionList({
  questions,
  answers,
  activeId,
  paragraphOf,
  onShowPassage,
}: {
  questions: QuestionView[];
  answers: AnswerView[];
  activeId: string | null;
  paragraphOf: (offset: number) => number | null;
  onShowPassage: (passage: Passage, id: string) => void;
}) {
  const t = useTranslations("review");
  const tArticle = useTranslations("article");
  if (questions.length === 0) return <p className="empty">{t("noQuestions")}</p>;
  return (
    <ol className="question-list">
      {questions.map((question) => {
        const thread = answers.filter((answer) => answer.questionId === question.id);
        const status = question.place === "parking" ? "parked" : thread.length > 0 ? "answered" : question.revealedAt ? "open" : "notReached";
        const paragraph = question.passage ? paragraphOf(question.passage.start) : null;
        return (
          <li key={question.id} id={`question-${question.id}`} className="question-item" data-active={activeId === question.id} data-testid="review-question">
            <div className="annotation-head">
              <span className={`tag tag-${status}`}>{t(`questionStatus.${status}`)}</span>
              <span className="muted">{question.authorName}</span>
              <GuestBadge userId={question.authorId} />
            </div>
            <p className="question-text">{question.text}</p>
            {question.passage ? (
              <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(question.passage!, question.id)}>
                <blockquote className="annotation-quote">
                  {paragraph ? <span className="tag">{tArticle("paragraph", { n: paragraph })}</span> : null} <EditionTag item={question.passage} /> {question.passage.exact}
                </blockquote>
              </button>
            ) : null}
            {thread.length > 0 ? (
              <ul className="thread" aria-label={t("answers")}>
                {thread.map((answer) => (
                  <li key={answer.id}>
                    <div className="annotation-head">
                      <Avatar name={answer.authorName} id={answer.authorId} />
                      <strong>{answer.authorName}</strong>
                      <GuestBadge userId={answer.authorId} />
                    </div>
                    <div className="comment-body" dangerouslySetInnerHTML={{ __html: answer.bodyHtml }} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="small muted">{t("noAnswers")}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Thread({ messages, activeId, onShowPassage }: { messages: MessageView[]; activeId: string | null; onShowPassage: (passage: Passage, id: string) => void }) {
  const t = useTranslations("review");
  const format = useFormatter();
  if (messages.length === 0) return <p className="empty">{t("noMessages")}</p>;
  const top = messages.filter((message) => !message.parentId || !messages.some((parent) => parent.id === message.parentId));
  const render = (message: MessageView) => (
    <div id={`message-${message.id}`} className="message-item" data-active={activeId === message.id} data-testid="review-message">
      <div className="annotation-head">
        <Avatar name={message.authorName} id={message.authorId} />
        <strong>{message.authorName}</strong>
        <GuestBadge userId={message.authorId} />
        <span className="muted small">{format.dateTime(new Date(message.createdAt), { timeStyle: "short" })}</span>
      </div>
      {message.quote ? (
        <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(message.quote!, message.id)}>
          <blockquote className="annotation-quote">
            <EditionTag item={message.quote} /> {message.quote.exact}
          </blockquote>
        </button>
      ) : null}
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
      {Object.keys(message.reactions).length > 0 ? (
        <p className="small muted">
          {Object.entries(message.reactions)
            .map(([reaction, people]) => `${t(`reactions.${reaction}`)} ${people.length}`)
            .join(" · ")}
        </p>
      ) : null}
    </div>
  );
  return (
    <ul className="message-list">
      {top.map((message) => (
        <li key={message.id}>
          {render(message)}
          {messages.some((reply) => reply.parentId === message.id) ? (
            <ul className="thread">
              {messages
                .filter((reply) => reply.parentId === message.id)
                .map((reply) => (
                  <li key={reply.id}>{render(reply)}</li>
                ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
