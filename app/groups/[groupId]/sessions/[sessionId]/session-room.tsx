"use client";

import "./session.css";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useRef, useState } from "react";
import { Avatar } from "@/app/_components/avatar";
import { ErrorMessage } from "@/app/_components/error-message";
import { OfflineSupport } from "@/app/_components/offline-support";
import { newId, useLiveSession } from "@/app/_live/use-live-session";
import { anchorTarget } from "@/lib/anchoring/anchor";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { Shown, Viewer } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import type { AnnotationView, Snapshot } from "@/lib/protocol";
import { nextStatus, type SessionStatusName } from "@/lib/session-status";
import { AnnotatedArticle, type SelectedPassage } from "./annotated-article";
import { AnnotationCard, Composer } from "./annotation-card";
import { KindMarker } from "./kind-marker";
import { SelectionToolbar } from "./selection-toolbar";

type Props = {
  sessionId: string;
  viewer: Viewer;
  canModerate: boolean;
  initialStatus: SessionStatusName;
  initialSnapshot: Snapshot;
  groupMembers: { userId: string; displayName: string }[];
  children: React.ReactNode;
};

type Spot = { ids: string[]; blockId: string | null };
type Draft = { passage: SelectedPassage; kind: AnnotationKind; private: boolean };

const LIST_PAGE = 60;

/** A live study session: the annotated article beside the sidebar (a bottom sheet on phones). */
export function SessionRoom({ sessionId, viewer, canModerate, initialStatus, initialSnapshot, groupMembers, children }: Props) {
  const t = useTranslations("annotations");
  const tSession = useTranslations("session");
  const live = useLiveSession({ sessionId, viewer, initialStatus, initialSnapshot });
  const mainRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<SelectedPassage | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [spot, setSpot] = useState<Spot | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [sheetOpen, setSheetOpen] = useState(false);
  const [memberFilter, setMemberFilter] = useState("all");
  const [kindFilter, setKindFilter] = useState<Set<AnnotationKind>>(new Set(annotationKinds));
  const [listSize, setListSize] = useState(LIST_PAGE);
  const [canonical, setCanonical] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ErrorBody | null>(null);
  const [scrollTarget, setScrollTarget] = useState<{ offset: number; at: number } | null>(null);
  const readOnly = live.status === "ended";

  const { anchored, orphaned } = useMemo(() => anchorAll(live.annotations, canonical), [live.annotations, canonical]);
  const filtered = useMemo(
    () => anchored.filter((annotation) => kindFilter.has(annotation.kind) && (memberFilter === "all" || annotation.authorId === memberFilter)),
    [anchored, kindFilter, memberFilter],
  );
  const repliesByAnnotation = useMemo(() => {
    const map = new Map<string, typeof live.replies>();
    for (const reply of live.replies) map.set(reply.annotationId, [...(map.get(reply.annotationId) ?? []), reply]);
    return map;
  }, [live.replies]);

  const submit = useCallback(
    (operation: Parameters<typeof live.submit>[0]) => {
      const error = live.submit(operation);
      setActionError(error);
      return error;
    },
    [live],
  );

  const onSelect = useCallback((passage: SelectedPassage | null) => setSelection(passage), []);
  const onOpenSpot = useCallback((ids: string[], blockId: string | null) => {
    setSpot({ ids, blockId });
    setExpanded(new Set(ids));
    setActiveId(ids[0] ?? null);
    setSheetOpen(true);
  }, []);

  function highlight(kind: AnnotationKind) {
    if (!selection) return;
    const error = submit({ type: "annotation.create", annotationId: newId(), kind, visibility: "shared", passage: pick(selection), body: "" });
    if (!error) clearSelection();
  }

  function clearSelection() {
    setSelection(null);
    window.getSelection()?.removeAllRanges();
  }

  function showPassage(annotation: AnnotationView) {
    setActiveId(annotation.id);
    setScrollTarget({ offset: annotation.start, at: Date.now() });
    setSheetOpen(false);
  }

  const shownList = spot ? filtered.filter((annotation) => spot.ids.includes(annotation.id)) : filtered;
  const next = nextStatus(live.status);

  return (
    <div className="session-room">
      <OfflineSupport />
      <div className="session-main" ref={mainRef}>
        <div className="session-topbar">
          <span className={`badge badge-${live.status}`}>{tSession(`status.${live.status}`)}</span>
          <span className="presence-avatars" aria-label={tSession("present", { count: live.members.length })} role="img">
            {live.members.slice(0, 6).map((member) => (
              <Avatar key={member.userId} name={member.displayName} id={member.userId} />
            ))}
          </span>
          <button type="button" className="button button-small" onClick={() => setSheetOpen(true)} aria-expanded={sheetOpen} aria-controls="session-sidebar">
            {t("openPanel", { count: anchored.length })}
          </button>
        </div>
        <AnnotatedArticle
          annotations={filtered}
          activeId={activeId}
          draft={draft ? pick(draft.passage) : null}
          readers={live.members}
          viewerId={viewer.id}
          openBlockId={spot?.blockId ?? null}
          onSelect={onSelect}
          onOpenSpot={onOpenSpot}
          onReading={live.shareReading}
          onText={setCanonical}
          scrollTarget={scrollTarget}
        >
          {children}
        </AnnotatedArticle>
        {selection && !draft && !readOnly ? (
          <SelectionToolbar
            passage={selection}
            container={mainRef.current}
            onHighlight={highlight}
            onComment={() => {
              setDraft({ passage: selection, kind: "key_point", private: false });
              setSheetOpen(true);
              setSelection(null);
            }}
            onDismiss={clearSelection}
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
        {live.error ? <ErrorMessage error={live.error} /> : null}
        {live.notice ? (
          <div className="notice">
            <ErrorMessage error={live.notice} />
            <button type="button" className="link-button small" onClick={live.dismissNotice}>
              {t("dismiss")}
            </button>
          </div>
        ) : null}
        {actionError ? <ErrorMessage error={actionError} /> : null}
        {canModerate && next ? <StatusButton next={next} disabled={live.connection !== "online"} onAdvance={live.setStatus} /> : null}

        <section aria-labelledby="presence-title">
          <h2 id="presence-title" className="small muted" style={{ margin: "0 0 0.4rem" }}>
            {tSession("present", { count: live.members.length })}
          </h2>
          <ul className="presence-chips" aria-live="polite" data-testid="presence">
            {live.members.map((member) => (
              <li key={member.userId}>
                <Avatar name={member.displayName} id={member.userId} />
                <span>
                  {member.displayName}
                  {member.userId === viewer.id ? <span className="muted"> ({tSession("you")})</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <h2 className="small muted" style={{ margin: 0 }}>
          {t("tabAnnotations", { count: anchored.length })}
        </h2>
          <div className="stack">
            {draft ? (
              <DraftComposer
                draft={draft}
                onChange={setDraft}
                onCancel={() => setDraft(null)}
                onSave={(body) => {
                  const error = submit({ type: "annotation.create", annotationId: newId(), kind: draft.kind, visibility: draft.private ? "private" : "shared", passage: pick(draft.passage), body });
                  if (!error) {
                    setDraft(null);
                    clearSelection();
                  }
                  return error;
                }}
              />
            ) : null}
            <Filters members={groupMembers} memberFilter={memberFilter} onMember={setMemberFilter} kinds={kindFilter} onKinds={setKindFilter} />
            {spot ? (
              <div className="spread small">
                <span>{t("atSpot", { count: shownList.length })}</span>
                <button type="button" className="link-button" onClick={() => setSpot(null)}>
                  {t("showAll")}
                </button>
              </div>
            ) : null}
            {shownList.length === 0 ? <p className="empty">{readOnly ? t("noneEnded") : t("none")}</p> : null}
            <ul className="annotation-list" aria-live="polite">
              {shownList.slice(0, listSize).map((annotation) => (
                <AnnotationCard
                  key={annotation.id}
                  annotation={annotation}
                  replies={repliesByAnnotation.get(annotation.id) ?? []}
                  viewerId={viewer.id}
                  canModerate={canModerate}
                  readOnly={readOnly}
                  active={annotation.id === activeId}
                  expanded={expanded.has(annotation.id)}
                  onSubmit={submit}
                  onShowPassage={showPassage}
                  onExpand={() => setExpanded((current) => new Set(current).add(annotation.id))}
                />
              ))}
            </ul>
            {shownList.length > listSize ? (
              <button type="button" className="button button-secondary button-small" onClick={() => setListSize((size) => size + LIST_PAGE)}>
                {t("showMore", { count: shownList.length - listSize })}
              </button>
            ) : null}
            {orphaned.length > 0 ? (
              <section aria-labelledby="orphans-title">
                <h3 id="orphans-title" className="small">
                  {t("orphaned", { count: orphaned.length })}
                </h3>
                <p className="muted small">{t("orphanedExplain")}</p>
                <ul className="annotation-list">
                  {orphaned.map((annotation) => (
                    <li key={annotation.id} className="annotation-card" data-testid="orphaned">
                      <div className="annotation-head">
                        <KindMarker kind={annotation.kind} /> {annotation.authorName}
                      </div>
                      <blockquote className="annotation-quote">{annotation.exact}</blockquote>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>
      </aside>

      {live.connection !== "online" || live.pendingCount > 0 ? (
        <div className="sync-banner" role="status" data-testid="sync-banner">
          {live.connection === "online" ? t("sending", { count: live.pendingCount }) : t("offline", { count: live.pendingCount })}
        </div>
      ) : null}
    </div>
  );
}

function StatusButton({ next, disabled, onAdvance }: { next: SessionStatusName; disabled: boolean; onAdvance: (status: "live" | "ended") => Promise<ErrorBody | null> }) {
  const tSession = useTranslations("session");
  const [error, setError] = useState<ErrorBody | null>(null);
  if (next !== "live" && next !== "ended") return null;
  return (
    <div>
      {error ? <ErrorMessage error={error} /> : null}
      <button type="button" className={next === "ended" ? "button button-danger" : "button"} disabled={disabled} onClick={async () => setError(await onAdvance(next))}>
        {next === "live" ? tSession("start") : tSession("end")}
      </button>
    </div>
  );
}

function DraftComposer({ draft, onChange, onCancel, onSave }: { draft: Draft; onChange: (draft: Draft) => void; onCancel: () => void; onSave: (body: string) => ErrorBody | null }) {
  const t = useTranslations("annotations");
  return (
    <section className="annotation-card" aria-label={t("newComment")} data-testid="draft">
      <blockquote className="annotation-quote">{draft.passage.exact}</blockquote>
      <div className="kind-chips" role="group" aria-label={t("kindLabel")}>
        {annotationKinds.map((kind) => (
          <button key={kind} type="button" className="kind-chip" aria-pressed={draft.kind === kind} onClick={() => onChange({ ...draft, kind })}>
            <KindMarker kind={kind} />
            {t(`kinds.${kind}`)}
          </button>
        ))}
      </div>
      <Composer initial="" submitLabel={t("save")} onCancel={onCancel} onSave={onSave} allowEmpty>
        <label className="row small">
          <input type="checkbox" checked={draft.private} onChange={(event) => onChange({ ...draft, private: event.target.checked })} style={{ width: "auto", minHeight: 0 }} />
          {t("privateNote")}
        </label>
      </Composer>
    </section>
  );
}

function Filters({ members, memberFilter, onMember, kinds, onKinds }: { members: { userId: string; displayName: string }[]; memberFilter: string; onMember: (id: string) => void; kinds: Set<AnnotationKind>; onKinds: (kinds: Set<AnnotationKind>) => void }) {
  const t = useTranslations("annotations");
  return (
    <div className="filters">
      <label className="row small" htmlFor="member-filter">
        {t("filterMember")}
        <select id="member-filter" value={memberFilter} onChange={(event) => onMember(event.target.value)} style={{ width: "auto" }}>
          <option value="all">{t("everyone")}</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.displayName}
            </option>
          ))}
        </select>
      </label>
      <div className="kind-chips" role="group" aria-label={t("filterKinds")}>
        {annotationKinds.map((kind) => (
          <button
            key={kind}
            type="button"
            className="kind-chip"
            aria-pressed={kinds.has(kind)}
            onClick={() => {
              const nextKinds = new Set(kinds);
              if (nextKinds.has(kind)) nextKinds.delete(kind);
              else nextKinds.add(kind);
              onKinds(nextKinds);
            }}
          >
            <KindMarker kind={kind} />
            {t(`kinds.${kind}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

function pick(passage: { start: number; end: number; exact: string }) {
  return { start: passage.start, end: passage.end, exact: passage.exact };
}

/** Annotations whose passage still matches the text, re-anchored when needed; the rest are orphaned, never dropped. */
function anchorAll(annotations: Shown<AnnotationView>[], text: string | null) {
  if (text === null) return { anchored: annotations, orphaned: [] as Shown<AnnotationView>[] };
  const anchored: Shown<AnnotationView>[] = [];
  const orphaned: Shown<AnnotationView>[] = [];
  for (const annotation of annotations) {
    if (text.slice(annotation.start, annotation.end) === annotation.exact) {
      anchored.push(annotation);
      continue;
    }
    const anchor = anchorTarget(text, annotation);
    if (anchor) anchored.push({ ...annotation, start: anchor.start, end: anchor.end });
    else orphaned.push(annotation);
  }
  return { anchored, orphaned };
}
