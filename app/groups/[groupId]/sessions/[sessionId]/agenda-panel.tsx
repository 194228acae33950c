"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { GuestBadge } from "@/app/_components/guest-badge";
import { newId } from "@/app/_live/use-live-session";
import type { Shown } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import { countdown } from "@/lib/meeting/countdown";
import type { AnswerView, Operation, Passage, QuestionView, RoomView } from "@/lib/protocol";
import { pollChoices } from "@/lib/protocol-constants";
import type { SessionStatusName } from "@/lib/session-status";
import { Composer } from "./annotation-card";

type Props = {
  questions: Shown<QuestionView>[];
  answers: Shown<AnswerView>[];
  room: RoomView;
  status: SessionStatusName;
  viewerId: string;
  canModerate: boolean;
  onSubmit: (operation: Operation) => ErrorBody | null;
  onShowPassage: (passage: Passage) => void;
};

/** The meeting as it runs: speaking queue, poll, the current question with its timer, the agenda and the parking lot. */
export function AgendaPanel({ questions, answers, room, status, viewerId, canModerate, onSubmit, onShowPassage }: Props) {
  const t = useTranslations("agenda");
  const live = status === "live";
  const agenda = questions.filter((question) => question.place === "agenda" && (canModerate || question.revealedAt));
  const parking = questions.filter((question) => question.place === "parking");
  const current = questions.find((question) => question.id === room.currentQuestionId) ?? null;
  const revealedAgenda = agenda.filter((question) => question.revealedAt);
  const index = current ? agenda.findIndex((question) => question.id === current.id) : -1;

  function goTo(question: QuestionView | undefined) {
    if (!question) return;
    onSubmit(question.revealedAt ? { type: "question.current", questionId: question.id } : { type: "question.reveal", questionId: question.id });
  }

  const questionItem = (question: Shown<QuestionView>) => (
    <QuestionItem
      key={question.id}
      question={question}
      answers={answers.filter((answer) => answer.questionId === question.id)}
      current={question.id === room.currentQuestionId}
      live={live}
      viewerId={viewerId}
      canModerate={canModerate}
      onSubmit={onSubmit}
      onShowPassage={onShowPassage}
    />
  );

  return (
    <div className="stack agenda-panel">
      {live ? <SpeakingQueue room={room} viewerId={viewerId} canModerate={canModerate} onSubmit={onSubmit} /> : null}
      {room.poll ? <PollCard room={room} viewerId={viewerId} canModerate={canModerate} onSubmit={onSubmit} onShowPassage={onShowPassage} /> : null}
      {canModerate && room.focus && live ? (
        <p className="small">
          {t("focusing")}{" "}
          <button type="button" className="link-button" onClick={() => onSubmit({ type: "focus.set", passage: null })}>
            {t("clearFocus")}
          </button>
        </p>
      ) : null}

      <section aria-labelledby="current-question" className="current-question card-inset" data-testid="current-question">
        <h3 id="current-question" className="small muted">
          {t("current")}
        </h3>
        {current ? (
          <>
            <p className="question-text">{current.text}</p>
            {current.timeBoxMinutes && room.currentStartedAt ? <Timer startedAt={room.currentStartedAt} minutes={current.timeBoxMinutes} /> : null}
          </>
        ) : (
          <p className="empty">{live ? t("noCurrent") : status === "planned" ? t("notStarted") : t("ended")}</p>
        )}
        {canModerate && live ? (
          <div className="row">
            <button type="button" className="button button-secondary button-small" disabled={index <= 0} onClick={() => goTo(agenda[index - 1])}>
              {t("previous")}
            </button>
            <button type="button" className="button button-small" disabled={index >= agenda.length - 1} onClick={() => goTo(agenda[index + 1])}>
              {agenda[index + 1] && !agenda[index + 1]!.revealedAt ? t("revealNext") : t("next")}
            </button>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="agenda-title">
        <h3 id="agenda-title" className="small muted">
          {canModerate ? t("agenda", { count: agenda.length }) : t("revealed", { count: revealedAgenda.length })}
        </h3>
        {agenda.length === 0 ? <p className="empty small">{canModerate ? t("noQuestionsFacilitator") : t("noQuestions")}</p> : null}
        <ol className="question-list">{agenda.map(questionItem)}</ol>
      </section>

      <section aria-labelledby="parking-title">
        <h3 id="parking-title" className="small muted">
          {t("parking", { count: parking.length })}
        </h3>
        <ol className="question-list">{parking.map(questionItem)}</ol>
        {status !== "ended" ? <RaiseQuestion onSubmit={onSubmit} /> : null}
      </section>
    </div>
  );
}

function Timer({ startedAt, minutes }: { startedAt: number; minutes: number }) {
  const t = useTranslations("agenda");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = countdown({ startedAt, timeBoxMinutes: minutes, now });
  return (
    <p className="timer" data-overtime={left.overtime} role="timer" aria-label={left.overtime ? t("overtime", { time: left.label }) : t("timeLeft", { time: left.label })}>
      {left.label}
    </p>
  );
}

type QuestionItemProps = {
  question: Shown<QuestionView>;
  answers: Shown<AnswerView>[];
  current: boolean;
  live: boolean;
  viewerId: string;
  canModerate: boolean;
  onSubmit: Props["onSubmit"];
  onShowPassage: Props["onShowPassage"];
};

function QuestionItem({ question, answers, current, live, viewerId, canModerate, onSubmit, onShowPassage }: QuestionItemProps) {
  const t = useTranslations("agenda");
  const [open, setOpen] = useState(current);
  const [composerKey, setComposerKey] = useState(0);
  useEffect(() => {
    if (current) setOpen(true);
  }, [current]);
  const sealed = question.answerFirst && !question.answersOpen;
  const mineAnswered = answers.some((answer) => answer.authorId === viewerId);
  return (
    <li className="question-item" data-current={current} data-testid="question">
      <div className="spread">
        <button type="button" className="question-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          {question.text}
        </button>
        <span className="row small">
          {!question.revealedAt ? <span className="tag">{t("hidden")}</span> : null}
          {question.answerFirst ? <span className="tag">{t("answerFirst")}</span> : null}
          {question.timeBoxMinutes ? <span className="tag">{t("minutes", { count: question.timeBoxMinutes })}</span> : null}
        </span>
      </div>
      {question.place === "parking" ? <p className="muted small">{t("raisedBy", { name: question.authorName })}</p> : null}
      {open ? (
        <div className="stack">
          {question.passage ? (
            <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(question.passage!)}>
              <blockquote className="annotation-quote">{question.passage.exact}</blockquote>
            </button>
          ) : null}
          {canModerate && !question.revealedAt && live ? (
            <button type="button" className="button button-small" onClick={() => onSubmit({ type: "question.reveal", questionId: question.id })}>
              {t("reveal")}
            </button>
          ) : null}
          {canModerate && question.place === "parking" ? (
            <button type="button" className="button button-secondary button-small" onClick={() => onSubmit({ type: "question.promote", questionId: question.id })}>
              {t("promote")}
            </button>
          ) : null}
          {question.revealedAt ? (
            <>
              {sealed ? (
                <p className="notice-sealed small" role="note">
                  {canModerate ? t("sealedFacilitator", { count: answers.length }) : mineAnswered ? t("sealedAnswered") : t("sealedMember")}
                </p>
              ) : null}
              {canModerate && sealed ? (
                <button type="button" className="button button-small" onClick={() => onSubmit({ type: "question.openAnswers", questionId: question.id })}>
                  {t("openAnswers")}
                </button>
              ) : null}
              <ul className="thread" aria-label={t("answersLabel")}>
                {answers.map((answer) => (
                  <li key={answer.id} data-testid="answer">
                    <strong>{answer.authorName}</strong> <GuestBadge userId={answer.authorId} /> {answer.pending ? <span className="tag tag-pending">{t("sending")}</span> : null}
                    {answer.bodyHtml && !answer.pending ? <div className="comment-body" dangerouslySetInnerHTML={{ __html: answer.bodyHtml }} /> : <p className="comment-body">{answer.body}</p>}
                  </li>
                ))}
              </ul>
              {live || question.place === "parking" ? (
                <Composer
                  key={composerKey}
                  initial=""
                  label={t("yourAnswer")}
                  submitLabel={t("answer")}
                  onSave={(body) => {
                    const error = onSubmit({ type: "answer.create", answerId: newId(), questionId: question.id, body });
                    if (!error) setComposerKey((key) => key + 1);
                    return error;
                  }}
                />
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function RaiseQuestion({ onSubmit }: { onSubmit: Props["onSubmit"] }) {
  const t = useTranslations("agenda");
  const [text, setText] = useState("");
  return (
    <form
      className="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (!text.trim()) return;
        if (!onSubmit({ type: "question.raise", questionId: newId(), text: text.trim() })) setText("");
      }}
    >
      <label htmlFor="raise-question" className="visually-hidden">
        {t("raiseLabel")}
      </label>
      <input id="raise-question" value={text} onChange={(event) => setText(event.target.value)} placeholder={t("raisePlaceholder")} maxLength={1000} style={{ flex: 1, minWidth: 0 }} />
      <button type="submit" className="button button-secondary button-small">
        {t("raise")}
      </button>
    </form>
  );
}

function SpeakingQueue({ room, viewerId, canModerate, onSubmit }: { room: RoomView; viewerId: string; canModerate: boolean; onSubmit: Props["onSubmit"] }) {
  const t = useTranslations("agenda");
  const raised = room.queue.some((entry) => entry.userId === viewerId);
  return (
    <section aria-labelledby="queue-title" className="card-inset" data-testid="speaking-queue">
      <h3 id="queue-title" className="small muted">
        {t("queue")}
      </h3>
      {room.speaking ? <p className="speaking-now">{t("speakingNow", { name: room.speaking.name })}</p> : null}
      {room.queue.length > 0 ? (
        <ol className="queue-list">
          {room.queue.map((entry, position) => (
            <li key={entry.userId}>
              {position === 0 ? t("nextUp", { name: entry.name }) : entry.name}
              <GuestBadge userId={entry.userId} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">{t("queueEmpty")}</p>
      )}
      <div className="row">
        <button type="button" className={raised ? "button button-secondary button-small" : "button button-small"} onClick={() => onSubmit({ type: raised ? "hand.lower" : "hand.raise" })}>
          {raised ? t("lowerHand") : t("raiseHand")}
        </button>
        {canModerate ? (
          <button type="button" className="button button-secondary button-small" onClick={() => onSubmit({ type: "hand.callNext" })} disabled={room.queue.length === 0 && !room.speaking}>
            {t("callNext")}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function PollCard({ room, viewerId, canModerate, onSubmit, onShowPassage }: { room: RoomView; viewerId: string; canModerate: boolean; onSubmit: Props["onSubmit"]; onShowPassage: Props["onShowPassage"] }) {
  const t = useTranslations("agenda");
  const poll = room.poll!;
  const voted = poll.voters.includes(viewerId);
  const total = poll.tally.agree + poll.tally.disagree + poll.tally.unsure;
  return (
    <section aria-labelledby="poll-title" className="card-inset" data-testid="poll" data-poll-id={poll.id}>
      <h3 id="poll-title" className="small muted">
        {poll.open ? t("pollOpen") : t("pollClosed")}
      </h3>
      <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(poll.passage)}>
        <blockquote className="annotation-quote">{poll.passage.exact}</blockquote>
      </button>
      <ul className="tally" aria-live="polite">
        {pollChoices.map((choice) => (
          <li key={choice}>
            <span className="tally-label">{t(`choice.${choice}`)}</span>
            <span className="tally-bar" aria-hidden="true">
              <span style={{ width: `${total ? (poll.tally[choice] / total) * 100 : 0}%` }} data-choice={choice} />
            </span>
            <span className="tally-count" data-testid={`tally-${choice}`}>
              {poll.tally[choice]}
            </span>
          </li>
        ))}
      </ul>
      {poll.open && !voted ? (
        <div className="row" role="group" aria-label={t("vote")}>
          {pollChoices.map((choice) => (
            <button key={choice} type="button" className="button button-secondary button-small" onClick={() => onSubmit({ type: "poll.vote", pollId: poll.id, choice })}>
              {t(`choice.${choice}`)}
            </button>
          ))}
        </div>
      ) : null}
      {voted && poll.open ? <p className="muted small">{t("voted")}</p> : null}
      {canModerate && poll.open ? (
        <button type="button" className="link-button small" onClick={() => onSubmit({ type: "poll.close", pollId: poll.id })}>
          {t("closePoll")}
        </button>
      ) : null}
    </section>
  );
}
