"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { GuestBadge } from "@/app/_components/guest-badge";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { Shown } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import { countText } from "@/lib/i18n/count";
import type { AnnotationView, Operation, ReplyView } from "@/lib/protocol";
import type { SelectedPassage } from "./annotated-article";
import { AnnotationCard, Composer } from "./annotation-card";
import { KindMarker } from "./kind-marker";
import { KindToggles } from "./kind-toggles";

/** A comment being written on a selected passage. */
export type CommentDraft = { passage: SelectedPassage; kind: AnnotationKind; private: boolean };

/** Which annotations the member wants to see. */
export type AnnotationFilter = { member: string; kinds: Set<AnnotationKind> };

type Props = {
  shown: Shown<AnnotationView>[];
  /** The layer has not arrived yet (it follows the page). */
  loading: boolean;
  orphaned: Shown<AnnotationView>[];
  repliesByAnnotation: Map<string, Shown<ReplyView>[]>;
  members: { userId: string; displayName: string }[];
  filter: AnnotationFilter;
  onFilter: (filter: AnnotationFilter) => void;
  spotCount: number | null;
  onClearSpot: () => void;
  draft: CommentDraft | null;
  onDraft: (draft: CommentDraft | null) => void;
  onSaveDraft: (body: string) => ErrorBody | null;
  viewerId: string;
  canModerate: boolean;
  readOnly: boolean;
  activeId: string | null;
  expanded: Set<string>;
  onExpand: (annotationId: string) => void;
  onSubmit: (operation: Operation) => ErrorBody | null;
  onShowPassage: (annotation: AnnotationView) => void;
};

const LIST_PAGE = 60;

/** The annotations tab: a comment being written, filters, the list (or the annotations at a tapped spot), and orphans. */
export function AnnotationsPanel(props: Props) {
  const t = useTranslations("annotations");
  const locale = useLocale();
  const [listSize, setListSize] = useState(LIST_PAGE);
  const { shown, filter } = props;
  return (
    <div className="stack">
      {props.draft ? <DraftComposer draft={props.draft} privateOnly={props.readOnly} onChange={props.onDraft} onSave={props.onSaveDraft} /> : null}
      <Filters members={props.members} filter={filter} onFilter={props.onFilter} />
      {props.spotCount !== null ? (
        <div className="spread small">
          <span>{t("atSpot", { count: props.spotCount })}</span>
          <button type="button" className="link-button" onClick={props.onClearSpot}>
            {t("showAll")}
          </button>
        </div>
      ) : null}
      {props.loading ? (
        <p className="empty" role="status">
          {t("loading")}
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">{props.readOnly ? t("noneEnded") : t("none")}</p>
      ) : null}
      <ul className="annotation-list" aria-live="polite">
        {shown.slice(0, listSize).map((annotation) => (
          <AnnotationCard
            key={annotation.id}
            annotation={annotation}
            replies={props.repliesByAnnotation.get(annotation.id) ?? []}
            viewerId={props.viewerId}
            canModerate={props.canModerate}
            readOnly={props.readOnly}
            active={annotation.id === props.activeId}
            expanded={props.expanded.has(annotation.id)}
            onSubmit={props.onSubmit}
            onShowPassage={props.onShowPassage}
            onExpand={() => props.onExpand(annotation.id)}
          />
        ))}
      </ul>
      {shown.length > listSize ? (
        <button type="button" className="button button-secondary button-small" onClick={() => setListSize((size) => size + LIST_PAGE)}>
          {t("showMore", { count: countText(shown.length - listSize, locale) })}
        </button>
      ) : null}
      {props.orphaned.length > 0 ? (
        <section aria-labelledby="orphans-title">
          <h3 id="orphans-title" className="small">
            {t("orphaned", { count: props.orphaned.length })}
          </h3>
          <p className="muted small">{t("orphanedExplain")}</p>
          <ul className="annotation-list">
            {props.orphaned.map((annotation) => (
              <li key={annotation.id} className="annotation-card" data-testid="orphaned">
                <div className="annotation-head">
                  <KindMarker kind={annotation.kind} /> {annotation.authorName} <GuestBadge userId={annotation.authorId} />
                </div>
                <blockquote className="annotation-quote">{annotation.exact}</blockquote>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function DraftComposer({ draft, privateOnly, onChange, onSave }: { draft: CommentDraft; privateOnly: boolean; onChange: (draft: CommentDraft | null) => void; onSave: (body: string) => ErrorBody | null }) {
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
      <Composer initial="" submitLabel={t("save")} onCancel={() => onChange(null)} onSave={onSave} allowEmpty>
        <label className="row small">
          <input type="checkbox" checked={draft.private} disabled={privateOnly} onChange={(event) => onChange({ ...draft, private: event.target.checked })} style={{ width: "auto", minHeight: 0 }} />
          {t("privateNote")}
        </label>
      </Composer>
    </section>
  );
}

function Filters({ members, filter, onFilter }: { members: Props["members"]; filter: AnnotationFilter; onFilter: (filter: AnnotationFilter) => void }) {
  const t = useTranslations("annotations");
  return (
    <div className="filters">
      <label className="row small" htmlFor="member-filter">
        {t("filterMember")}
        <select id="member-filter" value={filter.member} onChange={(event) => onFilter({ ...filter, member: event.target.value })} style={{ width: "auto" }}>
          <option value="all">{t("everyone")}</option>
          {members.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.displayName}
            </option>
          ))}
        </select>
      </label>
      <KindToggles kinds={filter.kinds} onChange={(kinds) => onFilter({ ...filter, kinds })} label={t("filterKinds")} />
    </div>
  );
}
