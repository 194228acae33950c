"use client";

import "./projector.css";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";
import { GuestBadge, GuestMarksProvider } from "@/app/_components/guest-badge";
import { useLiveSession, type ConnectionState } from "@/app/_live/use-live-session";
import type { Viewer } from "@/lib/annotations/layer-state";
import { passagePages, type PageSpan } from "@/lib/article/pages";
import { passageParagraphs, type NumberedSpan } from "@/lib/article/passage-paragraphs";
import { quotedParagraphs } from "@/lib/article/quotable";
import { endonym, languageTag, passageWords, type ReadingEdition } from "@/lib/editions/editions";
import { countdown, formatClock } from "@/lib/meeting/countdown";
import { pollChoices } from "@/lib/protocol-constants";
import type { QuestionView, RoomView, Snapshot } from "@/lib/protocol";
import type { SessionStatusName } from "@/lib/session-status";
import type { JoinInvitation } from "@/server/join-invitation";
import { editionKey } from "../editions/edition-key";
import { PresentCount } from "../presence-indicators";

type Props = {
  sessionId: string;
  viewer: Viewer;
  initialStatus: SessionStatusName;
  initialSnapshot: Snapshot;
  /** The server's clock when the page was made: timers count on server time, whatever the projector's clock says. */
  serverNow: number;
  groupName: string;
  title: string;
  articleTitle: string;
  paragraphs: NumberedSpan[];
  /** The source pages of an article that has them (a PDF, a book), for citations such as "p. 14, ¶ 3"; empty otherwise. */
  pages?: PageSpan[];
  invitation: JoinInvitation | null;
  /** Every text of a bilingual session's article, the original first, with its numbered paragraphs and pages; empty for an article in one language. */
  editions?: ProjectorEdition[];
  /** What the screen shows first: an edition's key, or "all" (the page's `?edition=`). */
  initialShown?: string;
  /** Who came as a guest: their names carry the mark. */
  guestIds?: string[];
};

const NO_EDITIONS: ProjectorEdition[] = [];

/** One text of the article as the projector shows it. */
export type ProjectorEdition = ReadingEdition & { title: string; paragraphs: NumberedSpan[]; pages: PageSpan[] };

type Passage = { start: number; end: number; exact: string; edition?: string | undefined };

/** A passage as one edition reads it, with what the projector cites it by. */
type ShownPassage = { key: string; language: string; passage: Passage; paragraphs: readonly NumberedSpan[]; pages: readonly PageSpan[] };

/**
 * The projector view of a study session: what the facilitator has on the agenda, the focused
 * passage, the speaking queue, a running poll and how to join, in type big enough for the back
 * of the room. It follows the live session by itself (the same hook as the session page,
 * which reconnects and catches up) and needs no interaction.
 */
export function ProjectorView({
  sessionId,
  viewer,
  initialStatus,
  initialSnapshot,
  serverNow,
  groupName,
  title,
  articleTitle,
  paragraphs,
  pages = [],
  invitation,
  editions = NO_EDITIONS,
  initialShown = "all",
  guestIds = [],
}: Props) {
  const t = useTranslations("projector");
  const [shown, setShown] = useShownEditions(editions, initialShown);
  const texts = useMemo(() => (editions.length > 1 ? editions.filter((edition) => shown === "all" || editionKey(edition.id) === shown) : []), [editions, shown]);
  // The passage in each text shown: a bilingual room reads it in both languages, side by side.
  const inTexts = useCallback(
    (passage: Passage): ShownPassage[] =>
      texts.length === 0
        ? [{ key: "original", language: "", passage, paragraphs, pages }]
        : texts.flatMap((edition) => {
            const words = passageWords(passage, editions, edition.id);
            return words ? [{ key: editionKey(edition.id), language: edition.language, passage: words, paragraphs: edition.paragraphs, pages: edition.pages }] : [];
          }),
    [texts, editions, paragraphs, pages],
  );
  const shownTitle = texts.length === 1 ? texts[0]!.title : articleTitle;
  const live = useLiveSession({ sessionId, viewer, initialStatus, initialSnapshot, initialGuestIds: guestIds });
  const now = useServerClock(serverNow);
  useScreenAwake();
  const { room, status } = live;
  // Once the session has ended, the room's last state is history: the screen only says goodbye.
  const running = status !== "ended";
  const question = running ? currentQuestion(live.questions, room) : null;
  const focus = running ? room.focus : null;
  const poll = running && room.poll?.open ? room.poll : null;
  const showPollPassage = poll && !samePassage(poll.passage, focus);
  // The clock renders the screen four times a second: the passages' words are found once per change.
  const focusTexts = useMemo(() => (focus ? inTexts(focus) : []), [focus, inTexts]);
  const pollPassage = showPollPassage ? poll.passage : null;
  const pollTexts = useMemo(() => (pollPassage ? inTexts(pollPassage) : []), [pollPassage, inTexts]);
  const idle = !question && !focus && !poll;

  const screen = (
    <div className="projector" data-status={status}>
      <header className="pj-header">
        <div className="pj-heading">
          <p className="pj-kicker">
            {groupName} · {shownTitle}
          </p>
          <h1>{title}</h1>
        </div>
        <div className="pj-header-side">
          {editions.length > 1 ? <EditionChoice editions={editions} shown={shown} onShow={setShown} /> : null}
          <span className="pj-status" data-status={status}>
            {t(`status.${status}`)}
          </span>
          <FullScreenButton label={t("fullScreen")} />
        </div>
      </header>

      <div className="pj-body">
        <div className="pj-main">
          {question ? <QuestionPanel question={question} questions={live.questions} startedAt={room.currentStartedAt} now={now} /> : null}
          {focus ? <PassagePanel texts={focusTexts} tagged={texts.length > 1} /> : null}
          {poll ? <PollPanel tally={poll.tally} texts={pollTexts} tagged={texts.length > 1} /> : null}
          {idle ? (
            <section className="pj-waiting">
              <h2>{t(`waiting.${status}`)}</h2>
              <p>{t(`waiting.${status}Lead`)}</p>
            </section>
          ) : null}
        </div>

        <aside className="pj-side">
          {invitation && running ? <JoinPanel invitation={invitation} prominent={status === "planned"} /> : null}
          {status === "live" ? <SpeakingPanel room={room} now={now} /> : null}
          <footer className="pj-footer">
            <ConnectionBadge state={live.connection} />
            {live.connection === "online" ? <PresentCount presence={live.presence} label={(count) => t("present", { count })} /> : null}
          </footer>
        </aside>
      </div>
    </div>
  );
  return <GuestMarksProvider guestIds={live.guestIds}>{screen}</GuestMarksProvider>;
}

/** The question on the agenda now; only a revealed one (a facilitator's projector must not show what is still hidden). */
function currentQuestion(questions: readonly QuestionView[], room: RoomView): QuestionView | null {
  const question = questions.find((candidate) => candidate.id === room.currentQuestionId);
  return question && question.revealedAt !== null ? question : null;
}

function samePassage(a: Passage, b: Passage | null): boolean {
  return b !== null && a.start === b.start && a.end === b.end && editionKey(a.edition) === editionKey(b.edition);
}

/**
 * Which editions the screen shows, kept in the address (`?edition=es-id` or `all`) so that a
 * reload, or the laptop at the projector starting again, shows the same.
 */
function useShownEditions(editions: readonly ProjectorEdition[], initial: string): [string, (shown: string) => void] {
  const known = initial === "all" || editions.some((edition) => editionKey(edition.id) === initial);
  const [shown, setShown] = useState(known ? initial : "all");
  const show = (next: string) => {
    setShown(next);
    const url = new URL(window.location.href);
    if (next === "all") url.searchParams.delete("edition");
    else url.searchParams.set("edition", next);
    window.history.replaceState(window.history.state, "", url);
  };
  return [shown, show];
}

/** The facilitator's choice of what the screen shows: one edition, or all of them side by side. */
function EditionChoice({ editions, shown, onShow }: { editions: readonly ProjectorEdition[]; shown: string; onShow: (shown: string) => void }) {
  const t = useTranslations("projector.editions");
  const name = useId();
  const choices = [
    ...editions.map((edition) => ({ key: editionKey(edition.id), label: endonym(edition.language), language: edition.language })),
    { key: "all", label: t("all", { count: editions.length }), language: undefined },
  ];
  return (
    <fieldset className="pj-editions" data-testid="pj-editions">
      <legend className="visually-hidden">{t("legend")}</legend>
      {choices.map((choice) => (
        <label key={choice.key} className="pj-edition" lang={choice.language}>
          <input type="radio" name={name} value={choice.key} checked={shown === choice.key} onChange={() => onShow(choice.key)} />
          <span>{choice.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

function QuestionPanel({ question, questions, startedAt, now }: { question: QuestionView; questions: readonly QuestionView[]; startedAt: number | null; now: number }) {
  const t = useTranslations("projector.question");
  const number = questions.filter((candidate) => candidate.place === "agenda").findIndex((candidate) => candidate.id === question.id) + 1;
  const timer = startedAt === null ? null : countdown({ startedAt, timeBoxMinutes: question.timeBoxMinutes, now });
  const timerState = timer?.overtime ? "overtime" : timer?.ending ? "ending" : "running";
  return (
    <section className="pj-question" data-testid="pj-question" aria-labelledby="pj-question-label">
      <div className="pj-question-body">
        <p className="pj-label" id="pj-question-label">
          {question.place === "agenda" && number > 0 ? t("label", { n: number }) : t("labelRaised", { name: question.authorName })}
        </p>
        <p className="pj-question-text" data-length={lengthClass(question.text, 90, 200)}>
          {question.text}
        </p>
      </div>
      {timer ? (
        <div className="pj-timer" data-state={timerState} role="timer" aria-live="off">
          <span className="pj-timer-caption">{t(timer.overtime ? "overtime" : timer.remainingMs === null ? "elapsed" : "timeLeft")}</span>
          <span className="pj-timer-clock" data-testid="pj-countdown">
            {timer.label}
          </span>
          {timer.fraction !== null ? (
            <span className="pj-timer-bar" aria-hidden="true">
              <span style={{ width: `${Math.round(timer.fraction * 100)}%` }} />
            </span>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function PassagePanel({ texts, tagged }: { texts: readonly ShownPassage[]; tagged: boolean }) {
  const t = useTranslations("projector.focus");
  const [first] = texts;
  return (
    <section className="pj-passage" data-testid="pj-passage" data-columns={texts.length} aria-labelledby="pj-passage-label">
      <p className="pj-label" id="pj-passage-label">
        {t("label")}
        {!tagged && first ? <ParagraphLabel passage={first.passage} paragraphs={first.paragraphs} pages={first.pages} /> : null}
      </p>
      <div className="pj-passage-columns">
        {texts.map((text) => (
          <PassageText key={text.key} text={text} tagged={tagged} />
        ))}
      </div>
    </section>
  );
}

/** One edition's words of the focused passage, made smaller until they fit their column. */
function PassageText({ text, tagged }: { text: ShownPassage; tagged: boolean }) {
  const box = useRef<HTMLQuoteElement>(null);
  useShrinkToFit(box, text.passage.exact);
  return (
    <div className="pj-passage-column" lang={text.language || undefined} data-testid="pj-passage-text">
      {tagged ? (
        <p className="pj-passage-edition">
          <span className="pj-language">{languageTag(text.language)}</span>
          <ParagraphLabel passage={text.passage} paragraphs={text.paragraphs} pages={text.pages} />
        </p>
      ) : null}
      <blockquote className="pj-passage-text" ref={box}>
        <div className="pj-passage-lines">
          {quotedParagraphs(text.passage.exact).map((part, index) => (
            <p key={index}>{part}</p>
          ))}
        </div>
      </blockquote>
    </div>
  );
}

function ParagraphLabel({ passage, paragraphs, pages }: { passage: Passage; paragraphs: readonly NumberedSpan[]; pages: readonly PageSpan[] }) {
  const t = useTranslations("projector.focus");
  const covered = passageParagraphs(paragraphs, passage);
  const onPages = passagePages(pages, passage);
  if (!covered) return null;
  // With a printed copy in hand, the page comes first: "p. 14, ¶ 3".
  const text = onPages
    ? t("citation", {
        pages: onPages.first === onPages.last ? t("page", { page: onPages.first }) : t("pages", onPages),
        paragraphs: covered.first === covered.last ? t("pilcrow", { n: covered.first }) : t("pilcrows", covered),
      })
    : covered.first === covered.last
      ? t("paragraph", { n: covered.first })
      : t("paragraphs", covered);
  return (
    <span className="pj-paragraph" data-testid="pj-paragraph">
      {text}
    </span>
  );
}

function PollPanel({ tally, texts, tagged }: { tally: Record<(typeof pollChoices)[number], number>; texts: readonly ShownPassage[]; tagged: boolean }) {
  const t = useTranslations("projector.poll");
  const total = pollChoices.reduce((sum, choice) => sum + tally[choice], 0);
  return (
    <section className="pj-poll" data-testid="pj-poll" aria-labelledby="pj-poll-label">
      <div className="pj-poll-top">
        <p className="pj-label" id="pj-poll-label">
          {t("heading")}
          {texts[0] && !tagged ? <ParagraphLabel passage={texts[0].passage} paragraphs={texts[0].paragraphs} pages={texts[0].pages} /> : null}
        </p>
        <p className="pj-poll-total">
          {t("votes", { count: total })} · {t("vote")}
        </p>
      </div>
      {texts.map((text) => (
        <p key={text.key} className="pj-poll-passage" lang={text.language || undefined}>
          {tagged ? <span className="pj-language">{languageTag(text.language)}</span> : null}
          {quotedParagraphs(text.passage.exact).join(" ")}
        </p>
      ))}
      <ul className="pj-bars">
        {pollChoices.map((choice) => (
          <li key={choice} className="pj-bar" data-choice={choice} data-testid={`pj-poll-${choice}`}>
            <span className="pj-bar-label">{t(choice)}</span>
            <span className="pj-bar-track" aria-hidden="true">
              <span className="pj-bar-fill" style={{ width: `${total ? (tally[choice] / total) * 100 : 0}%` }} />
            </span>
            <span className="pj-bar-count">{tally[choice]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const QUEUE_SHOWN = 4;

function SpeakingPanel({ room, now }: { room: RoomView; now: number }) {
  const t = useTranslations("projector.speaking");
  const waiting = room.queue.slice(0, QUEUE_SHOWN);
  return (
    <section className="pj-panel pj-speaking" aria-labelledby="pj-speaking-label">
      <h2 className="pj-label" id="pj-speaking-label">
        {t("heading")}
      </h2>
      {room.speaking ? (
        <div className="pj-speaking-now" data-testid="pj-speaking-now">
          <span className="pj-caption">{t("now")}</span>
          <span className="pj-speaker">
            {room.speaking.name}
            <GuestBadge userId={room.speaking.userId} />
          </span>
          <span className="pj-speaking-since">{formatClock(now - room.speaking.since)}</span>
        </div>
      ) : null}
      {waiting.length > 0 ? (
        <>
          <span className="pj-caption">{t("next")}</span>
          <ol className="pj-queue" data-testid="pj-queue">
            {waiting.map((entry) => (
              <li key={entry.userId}>
                {entry.name}
                <GuestBadge userId={entry.userId} />
              </li>
            ))}
          </ol>
          {room.queue.length > QUEUE_SHOWN ? <p className="pj-more">{t("more", { count: room.queue.length - QUEUE_SHOWN })}</p> : null}
        </>
      ) : (
        <p className="pj-hint">{room.speaking ? t("none") : t("nobody")}</p>
      )}
    </section>
  );
}

function JoinPanel({ invitation, prominent }: { invitation: JoinInvitation; prominent: boolean }) {
  const t = useTranslations("projector.join");
  return (
    <section className="pj-panel pj-join" data-prominent={prominent} aria-labelledby="pj-join-label">
      <h2 className="pj-label" id="pj-join-label">
        {t("heading")}
      </h2>
      <div className="pj-join-body">
        <div
          className="pj-qr"
          role="img"
          aria-label={t("qrLabel", { url: invitation.url })}
          data-testid="pj-qr"
          // Generated on our server by the qrcode package from our own URL: no user input in it.
          dangerouslySetInnerHTML={{ __html: invitation.qrSvg }}
        />
        <div className="pj-join-text">
          <span className="pj-caption">{t("goTo")}</span>
          <span className="pj-join-address">{invitation.typedAddress}</span>
          <span className="pj-caption">{t("enter")}</span>
          <span className="pj-join-code" data-testid="pj-join-code">
            {invitation.code}
          </span>
        </div>
      </div>
    </section>
  );
}

function ConnectionBadge({ state }: { state: ConnectionState }) {
  const t = useTranslations("projector.connection");
  return (
    <span className="pj-connection" data-state={state} data-testid="connection" role="status">
      {t(state)}
    </span>
  );
}

function FullScreenButton({ label }: { label: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const update = () => setShown(document.fullscreenEnabled && !document.fullscreenElement);
    update();
    document.addEventListener("fullscreenchange", update);
    return () => document.removeEventListener("fullscreenchange", update);
  }, []);
  if (!shown) return null;
  return (
    <button type="button" className="pj-fullscreen" onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}>
      {label}
    </button>
  );
}

/** Sorts a question into size classes, so a long one gets smaller type instead of running off the screen. */
function lengthClass(text: string, medium: number, long: number): "short" | "medium" | "long" {
  return text.length > long ? "long" : text.length > medium ? "medium" : "short";
}

/**
 * Makes the text in a box of fixed height smaller, step by step, until it fits (down to a
 * floor that is still readable); past that the box fades out at the bottom. Runs again when
 * the text or the box changes.
 */
function useShrinkToFit(ref: RefObject<HTMLElement | null>, text: string): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const overflowing = () => element.scrollHeight > element.clientHeight + 1;
    const fit = () => {
      let scale = 1;
      element.style.setProperty("--pj-fit", "1");
      while (overflowing() && scale > 0.55) {
        scale -= 0.05;
        element.style.setProperty("--pj-fit", scale.toFixed(2));
      }
      element.dataset.overflowing = String(overflowing());
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, text]);
}

/**
 * The server's time, to the second, ticking. It starts at `serverNow` (so the server's HTML and
 * the first browser render agree) and then runs on the browser's clock, corrected by how far
 * it was from the server's when the page arrived.
 */
function useServerClock(serverNow: number): number {
  const [offset] = useState(() => serverNow - Date.now());
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(Math.floor((Date.now() + offset) / 1000) * 1000);
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [offset]);
  return now;
}

/** Asks the browser to keep the screen on while the projector view is open (where it may: https or localhost). */
function useScreenAwake(): void {
  useEffect(() => {
    let lock: WakeLockSentinel | null = null;
    let stopped = false;
    const request = async () => {
      if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
      try {
        const sentinel = await navigator.wakeLock.request("screen");
        if (stopped) void sentinel.release();
        else lock = sentinel;
      } catch {
        // Not allowed here (battery saver, insecure origin): the screen may sleep, nothing else changes.
      }
    };
    const requestWhenVisible = () => void request();
    requestWhenVisible();
    document.addEventListener("visibilitychange", requestWhenVisible);
    return () => {
      stopped = true;
      document.removeEventListener("visibilitychange", requestWhenVisible);
      void lock?.release();
    };
  }, []);
}
