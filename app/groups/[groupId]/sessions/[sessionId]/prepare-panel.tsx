"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import { newId } from "@/app/_live/use-live-session";
import { anchorTarget } from "@/lib/anchoring/anchor";
import type { Shown } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import type { Operation, Passage, QuestionView } from "@/lib/protocol";
import { saveFacilitatorNotesAction } from "./actions";

type Props = {
  sessionId: string;
  questions: Shown<QuestionView>[];
  selection: Passage | null;
  canonicalText: string | null;
  earlier: { sessionTitle: string; question: QuestionView }[];
  notes: string;
  onSubmit: (operation: Operation) => ErrorBody | null;
  onShowPassage: (passage: Passage) => void;
};

/** The facilitator's preparation: write questions (optionally anchored to a passage), order the agenda, copy earlier questions, keep notes. */
export function PreparePanel({ sessionId, questions, selection, canonicalText, earlier, notes, onSubmit, onShowPassage }: Props) {
  const t = useTranslations("prepare");
  const agenda = questions.filter((question) => question.place === "agenda");
  const [dragging, setDragging] = useState<string | null>(null);

  function move(questionId: string, to: number) {
    const ids = agenda.map((question) => question.id).filter((id) => id !== questionId);
    ids.splice(Math.max(0, Math.min(ids.length, to)), 0, questionId);
    onSubmit({ type: "question.reorder", questionIds: ids });
  }

  function copy(question: QuestionView) {
    const passage = question.passage && canonicalText ? reanchor(canonicalText, question.passage) : null;
    onSubmit({ type: "question.create", questionId: newId(), text: question.text, passage, timeBoxMinutes: question.timeBoxMinutes, answerFirst: question.answerFirst });
  }

  return (
    <div className="stack prepare-panel" data-testid="prepare">
      <QuestionForm selection={selection} onSubmit={onSubmit} />
      <section aria-labelledby="agenda-order">
        <h3 id="agenda-order" className="small muted">
          {t("agenda", { count: agenda.length })}
        </h3>
        {agenda.length === 0 ? <p className="empty small">{t("empty")}</p> : null}
        <ol className="question-list" aria-describedby="reorder-hint">
          {agenda.map((question, index) => (
            <li
              key={question.id}
              className="question-item"
              draggable
              data-dragging={dragging === question.id}
              data-testid="agenda-question"
              onDragStart={(event) => {
                setDragging(question.id);
                event.dataTransfer.setData("text/plain", question.id);
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => {
                event.preventDefault();
                const id = event.dataTransfer.getData("text/plain");
                if (id && id !== question.id) move(id, index);
                setDragging(null);
              }}
            >
              <div className="spread">
                <span className="drag-handle" aria-hidden="true">
                  ⠿
                </span>
                <span className="question-text-small">
                  {index + 1}. {question.text}
                </span>
                <span className="row small">
                  {question.timeBoxMinutes ? <span className="tag">{t("minutes", { count: question.timeBoxMinutes })}</span> : null}
                  {question.answerFirst ? <span className="tag">{t("answerFirst")}</span> : null}
                  {question.pending ? <span className="tag tag-pending">{t("saving")}</span> : null}
                </span>
              </div>
              {question.passage ? (
                <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(question.passage!)}>
                  <blockquote className="annotation-quote">{question.passage.exact}</blockquote>
                </button>
              ) : null}
              <div className="annotation-actions">
                <button type="button" className="link-button" disabled={index === 0} onClick={() => move(question.id, index - 1)} aria-label={t("moveUp", { question: question.text })}>
                  {t("up")}
                </button>
                <button type="button" className="link-button" disabled={index === agenda.length - 1} onClick={() => move(question.id, index + 1)} aria-label={t("moveDown", { question: question.text })}>
                  {t("down")}
                </button>
                <button type="button" className="link-button" onClick={() => window.confirm(t("deleteConfirm")) && onSubmit({ type: "question.delete", questionId: question.id })}>
                  {t("delete")}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <p id="reorder-hint" className="muted small">
          {t("reorderHint")}
        </p>
      </section>
      {earlier.length > 0 ? (
        <section aria-labelledby="earlier-title">
          <h3 id="earlier-title" className="small muted">
            {t("earlier")}
          </h3>
          <ul className="question-list">
            {earlier.map(({ sessionTitle, question }) => (
              <li key={question.id} className="question-item spread">
                <span>
                  {question.text} <span className="muted small">· {sessionTitle}</span>
                </span>
                <button type="button" className="button button-secondary button-small" onClick={() => copy(question)}>
                  {t("copy")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <FacilitatorNotes sessionId={sessionId} notes={notes} />
    </div>
  );
}

function QuestionForm({ selection, onSubmit }: { selection: Passage | null; onSubmit: Props["onSubmit"] }) {
  const t = useTranslations("prepare");
  const [text, setText] = useState("");
  const [minutes, setMinutes] = useState("10");
  const [answerFirst, setAnswerFirst] = useState(false);
  const [anchor, setAnchor] = useState<Passage | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  return (
    <form
      className="card-inset stack"
      aria-labelledby="new-question"
      onSubmit={(event) => {
        event.preventDefault();
        const problem = onSubmit({ type: "question.create", questionId: newId(), text, passage: anchor, timeBoxMinutes: minutes ? Number(minutes) : null, answerFirst });
        setError(problem);
        if (!problem) {
          setText("");
          setAnchor(null);
          setAnswerFirst(false);
        }
      }}
    >
      <h3 id="new-question" className="small muted">
        {t("newQuestion")}
      </h3>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="field">
        <label htmlFor="question-text">{t("question")}</label>
        <textarea id="question-text" value={text} onChange={(event) => setText(event.target.value)} required maxLength={1000} style={{ minHeight: "4.5rem", fontFamily: "var(--font-ui)" }} />
      </div>
      <div className="inline-fields">
        <div className="field">
          <label htmlFor="question-minutes">{t("timeBox")}</label>
          <input id="question-minutes" type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.value)} />
        </div>
        <label className="check-label">
          <input type="checkbox" checked={answerFirst} onChange={(event) => setAnswerFirst(event.target.checked)} />
          {t("answerFirstLabel")}
        </label>
      </div>
      <div className="field">
        <span className="small">{t("anchor")}</span>
        {anchor ? (
          <div>
            <blockquote className="annotation-quote">{anchor.exact}</blockquote>
            <button type="button" className="link-button small" onClick={() => setAnchor(null)}>
              {t("removeAnchor")}
            </button>
          </div>
        ) : (
          <button type="button" className="button button-secondary button-small" disabled={!selection} onClick={() => setAnchor(selection)}>
            {selection ? t("useSelection") : t("selectFirst")}
          </button>
        )}
      </div>
      <button type="submit" className="button">
        {t("add")}
      </button>
    </form>
  );
}

function FacilitatorNotes({ sessionId, notes }: { sessionId: string; notes: string }) {
  const t = useTranslations("prepare");
  const [result, action, pending] = useActionState(saveFacilitatorNotesAction.bind(null, sessionId), null);
  return (
    <form action={action} className="card-inset">
      <label htmlFor="facilitator-notes" className="small muted">
        {t("notes")}
      </label>
      <textarea id="facilitator-notes" name="notes" defaultValue={notes} maxLength={20000} aria-describedby="notes-hint" style={{ minHeight: "7rem", fontFamily: "var(--font-ui)" }} />
      <p id="notes-hint" className="muted small">
        {t("notesHint")}
      </p>
      {result && !result.ok ? <ErrorMessage error={result.error} /> : null}
      {result?.ok ? (
        <p className="small" role="status">
          {t("notesSaved")}
        </p>
      ) : null}
      <button type="submit" className="button button-secondary button-small" disabled={pending}>
        {t("saveNotes")}
      </button>
    </form>
  );
}

/** Carries a passage from an earlier session's text onto this one; dropped when it cannot be found with confidence. */
function reanchor(text: string, passage: Passage): Passage | null {
  if (text.slice(passage.start, passage.end) === passage.exact) return passage;
  const anchor = anchorTarget(text, { ...passage, prefix: "", suffix: "" });
  return anchor ? { start: anchor.start, end: anchor.end, exact: text.slice(anchor.start, anchor.end) } : null;
}
