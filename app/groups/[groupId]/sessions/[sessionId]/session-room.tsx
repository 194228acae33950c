"use client";

import "./session.css";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { GuestMarksProvider } from "@/app/_components/guest-badge";
import { ErrorMessage } from "@/app/_components/error-message";
import { LiveRefusal } from "@/app/_components/live-refusal";
import { OfflineSupport } from "@/app/_components/offline-support";
import { newId, useLiveSession } from "@/app/_live/use-live-session";
import { wholeWordPassage } from "@/lib/article/quotable";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { Shown, Viewer } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import { countText } from "@/lib/i18n/count";
import type { AnnotationView, Operation, Passage, QuestionView, Snapshot } from "@/lib/protocol";
import { nextStatus, type SessionStatusName } from "@/lib/session-status";
import { EditionLabelsProvider } from "./editions/edition-context";
import { useEditionReading, type SessionEditions } from "./editions/edition-reading";
import { AnnotatedArticle, type SelectedPassage } from "./annotated-article";
import { loadOrWait } from "./lazy-part";
import type { AnnotationFilter, CommentDraft } from "./annotations-panel";
import { PresenceAvatars, PresenceList } from "./presence-indicators";
import { ReadingKeys, useAnnotationAnnouncements, useAnnouncementLevel } from "./reading-keys";

type Props = {
  sessionId: string;
  /** Where the session's review is, linked as soon as the session ends. */
  reviewHref: string;
  viewer: Viewer;
  canModerate: boolean;
  initialStatus: SessionStatusName;
  /** The session without its annotation layer, which arrives from `layerHref` once the page is on screen. */
  initialSnapshot: Snapshot;
  layerHref: string;
  groupMembers: { userId: string; displayName: string }[];
  /** "prepare" shows the facilitator's preparation instead of the meeting panels. */
  mode: "meeting" | "prepare";
  preparation?: { earlier: { sessionTitle: string; question: QuestionView }[]; notes: string };
  /** Who came to the session as a guest: their items carry the mark. */
  guestIds: string[];
  /** The viewer is a guest of this one session: when they are refused, the page says why. */
  viewerIsGuest: boolean;
  /** The article's editions in other languages, when it has any: each member reads the one they choose, or two side by side. */
  editions?: SessionEditions;
  children: React.ReactNode;
};

// Each panel's script loads when the panel is first shown: a live session opens on the agenda,
// a planned or ended one on the annotations, and the thread waits until it is opened. Only a
// facilitator preparing the session sees the preparation, only facilitators the guest panel.
const PreparePanel = dynamic(() => loadOrWait(() => import("./prepare-panel").then((panel) => panel.PreparePanel)));
const AgendaPanel = dynamic(() => loadOrWait(() => import("./agenda-panel").then((panel) => panel.AgendaPanel)));
const AnnotationsPanel = dynamic(() => loadOrWait(() => import("./annotations-panel").then((panel) => panel.AnnotationsPanel)));
const ThreadPanel = dynamic(() => loadOrWait(() => import("./thread-panel").then((panel) => panel.ThreadPanel)));
// The language switch and the second column, for an article with editions.
const EditionReading = dynamic(() => loadOrWait(() => import("./editions/edition-columns").then((view) => view.EditionReading)));
const GuestPanel = dynamic(() => loadOrWait(() => import("./guest-panel").then((panel) => panel.GuestPanel)));
// The toolbar a selection brings up: its script starts loading when the member first reaches
// into the text (pointer or keyboard), so it is there by the time a selection is made.
const preloadSelectionToolbar = () => void import("./selection-toolbar").catch(() => undefined);
const SelectionToolbar = dynamic(() => loadOrWait(() => import("./selection-toolbar").then((toolbar) => toolbar.SelectionToolbar)));

type Tab = "agenda" | "thread" | "annotations";
type Spot = { ids: string[]; blockId: string | null };

const FOLLOW_KEY = "study-circle:follow-facilitator";

/** A study session: the annotated article beside the sidebar (a bottom sheet on phones). */
export function SessionRoom({
  sessionId,
  reviewHref,
  viewer,
  canModerate,
  initialStatus,
  initialSnapshot,
  layerHref,
  groupMembers,
  mode,
  preparation,
  editions,
  guestIds,
  viewerIsGuest,
  children,
}: Props) {
  const t = useTranslations("annotations");
  const locale = useLocale();
  const tSession = useTranslations("session");
  const router = useRouter();
  const live = useLiveSession({ sessionId, viewer, initialStatus, initialSnapshot, layerHref, initialGuestIds: guestIds });
  const mainRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<SelectedPassage | null>(null);
  const [draft, setDraft] = useState<CommentDraft | null>(null);
  const [quote, setQuote] = useState<Passage | null>(null);
  const [spot, setSpot] = useState<Spot | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [tab, setTab] = useState<Tab>(initialStatus === "live" ? "agenda" : "annotations");
  const [sheetOpen, setSheetOpen] = useState(false);
  const [filter, setFilter] = useState<AnnotationFilter>({ member: "all", kinds: new Set(annotationKinds) });
  const [canonical, setCanonical] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ErrorBody | null>(null);
  const [scrollTarget, setScrollTarget] = useState<{ offset: number; at: number } | null>(null);
  const [flash, setFlash] = useState<Passage | null>(null);
  const [following, setFollowing] = useState(true);
  const [announcements, setAnnouncements] = useAnnouncementLevel();
  // Where the keyboard goes once what it waits for is on the page: a new annotation's card or count.
  const [pendingFocus, setPendingFocus] = useState<string | null>(null);
  const [seenSeq, setSeenSeq] = useState(initialSnapshot.messages.reduce((highest, message) => Math.max(highest, message.seq), 0));
  const readOnly = live.status === "ended";
  const announcement = useAnnotationAnnouncements(live.annotations, viewer.id, announcements, live.layerShown);

  const reading = useEditionReading({
    editions,
    sessionId,
    annotations: live.annotations,
    share: live.shareReading,
    onReadingChange: () => setCanonical(null),
  });

  const [matcher, setMatcher] = useState<Matcher | null>(null);
  const { anchored, orphaned, waiting } = useMemo(() => anchorAll(reading.own, canonical, matcher), [reading.own, canonical, matcher]);
  useEffect(() => {
    if (waiting === 0 || matcher) return;
    void import("@/lib/anchoring/anchor").then(
      (anchoring) => setMatcher(() => anchoring.anchorTarget),
      () => undefined,
    );
  }, [waiting, matcher]);
  const shows = useCallback((annotation: AnnotationView) => filter.kinds.has(annotation.kind) && (filter.member === "all" || annotation.authorId === filter.member), [filter]);
  const filtered = useMemo(() => anchored.filter(shows), [anchored, shows]);
  const crossFiltered = useMemo(() => reading.other.filter(shows), [reading.other, shows]);
  const repliesByAnnotation = useMemo(() => groupBy(live.replies, (reply) => reply.annotationId), [live.replies]);
  const unread = live.messages.filter((message) => !message.pending && message.seq > seenSeq && message.authorId !== viewer.id).length;
  const threadVisible = tab === "thread";
  // The thread stays mounted once opened, so a half-written message survives a switch of tabs.
  const [threadOpened, setThreadOpened] = useState(threadVisible);
  if (threadVisible && !threadOpened) setThreadOpened(true);

  useEffect(() => {
    setFollowing(window.localStorage.getItem(FOLLOW_KEY) !== "no");
  }, []);

  // A guest who was removed, or whose session ended, is refused on reconnecting: the page
  // (rendered again by the server) then says so, and offers nothing more to do.
  const refused = live.connection === "refused";
  useEffect(() => {
    if (viewerIsGuest && refused) router.refresh();
  }, [viewerIsGuest, refused, router]);

  const focus = useMemo(() => reading.here(live.room.focus), [reading.here, live.room.focus]);
  useEffect(() => {
    if (focus && following) setScrollTarget({ offset: focus.start, at: Date.now() });
  }, [focus, following]);

  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 2000);
    return () => clearTimeout(timer);
  }, [flash]);

  useEffect(() => {
    if (!pendingFocus) return;
    const target = document.querySelector<HTMLElement>(pendingFocus);
    if (!target) return;
    target.focus();
    setPendingFocus(null);
  });

  const submit = useCallback(
    (operation: Operation) => {
      const error = live.submit(operation);
      setActionError(error);
      return error;
    },
    [live],
  );

  const onSelect = useCallback((passage: SelectedPassage | null) => setSelection(passage), []);
  const onSeen = useCallback((seq: number) => setSeenSeq((current) => Math.max(current, seq)), []);
  const onOpenSpot = useCallback((ids: string[], blockId: string | null) => {
    setSpot({ ids, blockId });
    setExpanded(new Set(ids));
    setActiveId(ids[0] ?? null);
    setTab("annotations");
    setSheetOpen(!isWide());
  }, []);

  // After a highlight made by keyboard, focus goes to it: its card in the sidebar, or on a phone
  // the count beside its paragraph.
  function focusNewAnnotation(annotationId: string, passage: SelectedPassage) {
    if (isWide()) {
      setTab("annotations");
      setSpot(null);
      setActiveId(annotationId);
      setPendingFocus(`[data-annotation-id="${annotationId}"]`);
      return;
    }
    const railItem = passage.returnFocusTo?.closest<HTMLElement>("[data-rail-block]");
    setPendingFocus(railItem ? `[data-rail-block="${railItem.dataset.railBlock}"] .rail-count` : null);
  }

  function clearSelection() {
    setSelection(null);
    window.getSelection()?.removeAllRanges();
  }

  function showPassage(passage: Passage) {
    const here = reading.here(passage);
    if (!here) return;
    setFlash({ ...passage, ...here });
    setScrollTarget({ offset: here.start, at: Date.now() });
    setSheetOpen(false);
  }

  function openTab(next: Tab) {
    setTab(next);
    setSheetOpen(!isWide());
  }

  function selectionActions(passage: Passage): { label: string; run: () => void }[] {
    const actions: { label: string; run: () => void }[] = [];
    if (mode === "prepare") return actions;
    if (!readOnly) actions.push({ label: t("quoteInThread"), run: () => (setQuote(passage), openTab("thread"), clearSelection()) });
    if (canModerate && live.status === "live") {
      // What the room is shown, on the projector too, is whole words.
      const shown = reading.mark(canonical ? wholeWordPassage(canonical, passage) : passage);
      actions.push({ label: t("focusEveryone"), run: () => (submit({ type: "focus.set", passage: shown }), clearSelection()) });
      actions.push({ label: t("askTheRoom"), run: () => (submit({ type: "poll.open", pollId: newId(), passage: shown }), openTab("agenda"), clearSelection()) });
    }
    return actions;
  }

  const listed = crossFiltered.length > 0 ? [...filtered, ...crossFiltered] : filtered;
  const spotList = spot ? listed.filter((annotation) => spot.ids.includes(annotation.id)) : listed;
  const next = nextStatus(live.status);
  const raised = live.room.queue.some((entry) => entry.userId === viewer.id);

  const article = (
    <AnnotatedArticle
      key={reading.key}
      annotations={filtered}
      activeId={activeId}
      draft={draft ? draft.passage : flash}
      focus={following || canModerate ? focus : null}
      presence={live.presence}
      placeReader={reading.placeReader}
      openBlockId={spot?.blockId ?? null}
      onSelect={onSelect}
      onOpenSpot={onOpenSpot}
      onReading={reading.onReading}
      onText={setCanonical}
      scrollTarget={scrollTarget}
    >
      {reading.text ?? children}
    </AnnotatedArticle>
  );

  const room = (
    <div className="session-room">
      <OfflineSupport />
      <div className="session-main" ref={mainRef} onPointerDown={preloadSelectionToolbar} onFocus={preloadSelectionToolbar}>
        <div className="session-topbar">
          <span className={`badge badge-${live.status}`}>{tSession(`status.${live.status}`)}</span>
          <PresenceAvatars presence={live.presence} />
          {live.status === "live" ? (
            <button type="button" className="button button-secondary button-small" onClick={() => submit({ type: raised ? "hand.lower" : "hand.raise" })}>
              {raised ? tSession("lowerHand") : tSession("raiseHand")}
            </button>
          ) : null}
          <button type="button" className="button button-small" onClick={() => setSheetOpen(true)} aria-expanded={sheetOpen} aria-controls="session-sidebar">
            {tSession("openPanel")}
            {unread > 0 ? <span className="tab-count">{unread}</span> : null}
          </button>
        </div>
        {readOnly ? (
          <p className="review-link">
            <Link href={reviewHref} prefetch={false}>
              {tSession("review")}
            </Link>
          </p>
        ) : null}
        <ReadingKeys announcements={announcements} onAnnouncements={setAnnouncements} />
        <p className="visually-hidden" aria-live="polite" data-testid="annotation-announcer">
          {announcement}
        </p>
        {focus && !following && live.status === "live" ? (
          <p className="focus-hint small">
            {tSession("facilitatorFocus")}{" "}
            <button type="button" className="link-button" onClick={() => setScrollTarget({ offset: focus.start, at: Date.now() })}>
              {tSession("goThere")}
            </button>
          </p>
        ) : null}
        {reading.enabled ? (
          <EditionReading reading={reading} crossByBlock={crossFiltered} shown={listed} onOpenSpot={onOpenSpot}>
            {article}
          </EditionReading>
        ) : (
          article
        )}
        {selection && !draft ? (
          <SelectionToolbar
            passage={selection}
            container={mainRef.current}
            onHighlight={(kind: AnnotationKind, fromKeyboard: boolean) => {
              const annotationId = newId();
              // After the meeting only personal notes can be added.
              if (submit({ type: "annotation.create", annotationId, kind, visibility: readOnly ? "private" : "shared", passage: reading.mark(pick(selection)), body: "" })) return;
              if (fromKeyboard) focusNewAnnotation(annotationId, selection);
              clearSelection();
            }}
            onComment={() => {
              setDraft({ passage: selection, kind: "key_point", private: readOnly });
              openTab("annotations");
              setSelection(null);
            }}
            onDismiss={clearSelection}
            privateOnly={readOnly}
            actions={selectionActions(reading.mark(pick(selection)))}
          />
        ) : null}
      </div>

      {sheetOpen ? <div className="sheet-backdrop" onClick={() => setSheetOpen(false)} aria-hidden="true" /> : null}
      <aside id="session-sidebar" className="session-sidebar card" data-open={sheetOpen} aria-label={t("panelLabel")} data-testid="session-sidebar">
        <div className="sheet-handle">
          <strong>{t("panelLabel")}</strong>
          <button type="button" className="button button-secondary button-small" onClick={() => setSheetOpen(false)}>
            {t("close")}
          </button>
        </div>
        <div className="spread">
          <span className={`badge badge-${live.status}`} data-testid="session-status">
            {tSession(`status.${live.status}`)}
          </span>
          <span className="connection" data-state={live.connection} role="status" data-testid="connection">
            {tSession(`connection.${live.connection}`)}
            {live.pendingCount > 0 ? ` · ${t("waiting", { count: live.pendingCount })}` : ""}
          </span>
        </div>
        {live.notice ? <ErrorMessage error={live.notice} dismiss={{ label: t("dismiss"), onDismiss: live.dismissNotice }} /> : null}
        {actionError ? <ErrorMessage error={actionError} /> : null}
        {canModerate && next && mode === "meeting" ? <StatusButton next={next} disabled={live.connection !== "online"} onAdvance={live.setStatus} /> : null}
        {live.status === "live" && !canModerate ? (
          <label className="follow-toggle">
            <input
              type="checkbox"
              checked={following}
              onChange={(event) => {
                setFollowing(event.target.checked);
                window.localStorage.setItem(FOLLOW_KEY, event.target.checked ? "yes" : "no");
              }}
            />
            {tSession("follow")}
          </label>
        ) : null}

        <PresenceList presence={live.presence} viewerId={viewer.id} />

        {canModerate ? <GuestPanel roster={live.guestRoster} online={live.connection === "online"} ended={live.status === "ended"} onCommand={live.guestCommand} /> : null}

        {mode === "prepare" ? (
          <PreparePanel
            sessionId={sessionId}
            questions={live.questions}
            selection={selection ? reading.mark(pick(selection)) : null}
            canonicalText={canonical}
            earlier={preparation?.earlier ?? []}
            notes={preparation?.notes ?? ""}
            onSubmit={submit}
            onShowPassage={showPassage}
          />
        ) : (
          <>
            <div className="sidebar-tabs" role="tablist" aria-label={t("panelLabel")}>
              <TabButton tab="agenda" current={tab} onSelect={setTab} label={tSession("tabAgenda")} />
              <TabButton tab="thread" current={tab} onSelect={setTab} label={tSession("tabThread")} count={unread} />
              <TabButton
                tab="annotations"
                current={tab}
                onSelect={setTab}
                label={live.layerShown ? t("tabAnnotations", { count: countText(anchored.length + crossFiltered.length, locale) }) : t("tabAnnotationsLoading")}
              />
            </div>
            <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {tab === "agenda" ? (
                <AgendaPanel
                  questions={live.questions}
                  answers={live.answers}
                  room={live.room}
                  status={live.status}
                  viewerId={viewer.id}
                  canModerate={canModerate}
                  onSubmit={submit}
                  onShowPassage={showPassage}
                />
              ) : null}
              <div hidden={!threadVisible}>
                {threadOpened ? (
                  <ThreadPanel
                    messages={live.messages}
                    viewerId={viewer.id}
                    readOnly={readOnly}
                    presence={live.presence}
                    quote={quote}
                    onClearQuote={() => setQuote(null)}
                    onSubmit={submit}
                    onShowPassage={showPassage}
                    onTyping={live.setTyping}
                    onSeen={onSeen}
                    visible={threadVisible && (sheetOpen || isWide())}
                  />
                ) : null}
              </div>
              {tab === "annotations" ? (
                <AnnotationsPanel
                  shown={spotList}
                  loading={!live.layerShown}
                  orphaned={orphaned}
                  repliesByAnnotation={repliesByAnnotation}
                  members={groupMembers}
                  filter={filter}
                  onFilter={setFilter}
                  spotCount={spot ? spotList.length : null}
                  onClearSpot={() => setSpot(null)}
                  draft={draft}
                  onDraft={setDraft}
                  onSaveDraft={(body) => {
                    if (!draft) return null;
                    const error = submit({
                      type: "annotation.create",
                      annotationId: newId(),
                      kind: draft.kind,
                      visibility: draft.private ? "private" : "shared",
                      passage: reading.mark(pick(draft.passage)),
                      body,
                    });
                    if (!error) {
                      setDraft(null);
                      clearSelection();
                    }
                    return error;
                  }}
                  viewerId={viewer.id}
                  canModerate={canModerate}
                  readOnly={readOnly}
                  activeId={activeId}
                  expanded={expanded}
                  onExpand={(id) => setExpanded((current) => new Set(current).add(id))}
                  onSubmit={submit}
                  onShowPassage={(annotation: AnnotationView) => {
                    setActiveId(annotation.id);
                    showPassage(annotation);
                  }}
                />
              ) : null}
            </div>
          </>
        )}
      </aside>

      {live.error ? (
        <div className="live-refusal-banner">
          <LiveRefusal error={live.error} />
        </div>
      ) : live.connection !== "online" || live.pendingCount > 0 ? (
        <div className="sync-banner" role="status" data-testid="sync-banner">
          {live.connection === "online" ? t("sending", { count: live.pendingCount }) : t("offline", { count: live.pendingCount })}
        </div>
      ) : null}
    </div>
  );
  return (
    <EditionLabelsProvider value={reading.labels}>
      <GuestMarksProvider guestIds={live.guestIds}>{room}</GuestMarksProvider>
    </EditionLabelsProvider>
  );
}

function TabButton({ tab, current, onSelect, label, count = 0 }: { tab: Tab; current: Tab; onSelect: (tab: Tab) => void; label: string; count?: number }) {
  const tSession = useTranslations("session");
  return (
    <button type="button" role="tab" id={`tab-${tab}`} aria-controls={`panel-${tab}`} aria-selected={current === tab} onClick={() => onSelect(tab)}>
      {label}
      {count > 0 ? (
        <span className="tab-count" aria-label={tSession("unread", { count })}>
          {count}
        </span>
      ) : null}
    </button>
  );
}

function StatusButton({ next, disabled, onAdvance }: { next: SessionStatusName; disabled: boolean; onAdvance: (status: "live" | "ended") => Promise<ErrorBody | null> }) {
  const tSession = useTranslations("session");
  const [error, setError] = useState<ErrorBody | null>(null);
  if (next !== "live" && next !== "ended") return null;
  return (
    <div>
      {error ? <ErrorMessage error={error} /> : null}
      <button
        type="button"
        className={next === "ended" ? "button button-danger" : "button"}
        disabled={disabled}
        onClick={async () => {
          if (next === "ended" && !window.confirm(tSession("endConfirm"))) return;
          setError(await onAdvance(next));
        }}
      >
        {next === "live" ? tSession("start") : tSession("end")}
      </button>
    </div>
  );
}

function isWide(): boolean {
  return typeof window !== "undefined" && window.matchMedia("(min-width: 1001px)").matches;
}

function pick(passage: { start: number; end: number; exact: string }): Passage {
  return { start: passage.start, end: passage.end, exact: passage.exact };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

type Matcher = typeof import("@/lib/anchoring/anchor").anchorTarget;

/**
 * Annotations whose passage still matches the text, re-anchored when needed; the rest are
 * orphaned, never dropped. Re-anchoring (a fuzzy search) is needed only when the text was
 * revised under an annotation, so its script loads then: until it has (`matcher` null), such
 * annotations wait, counted in `waiting`, neither drawn nor orphaned.
 */
function anchorAll(annotations: Shown<AnnotationView>[], text: string | null, matcher: Matcher | null) {
  if (text === null) return { anchored: annotations, orphaned: [] as Shown<AnnotationView>[], waiting: 0 };
  const anchored: Shown<AnnotationView>[] = [];
  const orphaned: Shown<AnnotationView>[] = [];
  let waiting = 0;
  for (const annotation of annotations) {
    if (text.slice(annotation.start, annotation.end) === annotation.exact) {
      anchored.push(annotation);
      continue;
    }
    if (!matcher) {
      waiting++;
      continue;
    }
    const anchor = matcher(text, annotation);
    if (anchor) anchored.push({ ...annotation, start: anchor.start, end: anchor.end });
    else orphaned.push(annotation);
  }
  return { anchored, orphaned, waiting };
}
