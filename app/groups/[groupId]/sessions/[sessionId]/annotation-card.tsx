"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { GuestBadge } from "@/app/_components/guest-badge";
import { Avatar } from "@/app/_components/avatar";
import { newId } from "@/app/_live/use-live-session";
import { kindStyles } from "@/lib/annotations/kinds";
import type { Shown } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import type { AnnotationView, Operation, ReplyView } from "@/lib/protocol";
import { EditionTag } from "./editions/edition-context";
import { KindMarker } from "./kind-marker";

type Props = {
  annotation: Shown<AnnotationView>;
  replies: Shown<ReplyView>[];
  viewerId: string;
  canModerate: boolean;
  readOnly: boolean;
  active: boolean;
  expanded: boolean;
  onSubmit: (operation: Operation) => ErrorBody | null;
  onShowPassage: (annotation: AnnotationView) => void;
  onExpand: () => void;
};

/** One annotation with its reply thread, and what the viewer may do with them. */
export function AnnotationCard({ annotation, replies, viewerId, canModerate, readOnly, active, expanded, onSubmit, onShowPassage, onExpand }: Props) {
  const t = useTranslations("annotations");
  const [editing, setEditing] = useState(false);
  const mine = annotation.authorId === viewerId;
  const writable = !readOnly || annotation.visibility === "private";
  return (
    <li
      className="annotation-card"
      data-pending={annotation.pending === true}
      data-active={active}
      data-testid="annotation-card"
      data-annotation-id={annotation.id}
      tabIndex={-1}
      aria-label={t("cardLabel", { kind: t(`kinds.${annotation.kind}`), name: annotation.authorName })}
      style={{ borderLeftColor: kindStyles[annotation.kind].colour }}
    >
      <div className="annotation-head">
        <KindMarker kind={annotation.kind} />
        <strong>{t(`kinds.${annotation.kind}`)}</strong>
        <span className="muted">·</span>
        <Avatar name={annotation.authorName} id={annotation.authorId} />
        <span>{annotation.authorName}</span>
        <GuestBadge userId={annotation.authorId} />
        <ItemTags item={annotation} />
        <EditionTag item={annotation} />
        {annotation.visibility === "private" ? <span className="tag">{t("private")}</span> : null}
        {annotation.beforeMeeting ? <span className="tag">{t("beforeMeeting")}</span> : null}
      </div>
      <button type="button" className="annotation-quote-button" onClick={() => onShowPassage(annotation)} aria-label={t("showPassage", { quote: annotation.exact.slice(0, 80) })}>
        <blockquote className="annotation-quote">{annotation.exact}</blockquote>
      </button>
      {editing ? (
        <Composer
          initial={annotation.body}
          submitLabel={t("save")}
          onCancel={() => setEditing(false)}
          allowEmpty
          onSave={(body) => {
            const error = onSubmit({ type: "annotation.update", annotationId: annotation.id, kind: annotation.kind, body });
            if (!error) setEditing(false);
            return error;
          }}
        />
      ) : (
        <Body item={annotation} />
      )}
      <div className="annotation-actions">
        {!expanded ? (
          <button type="button" className="link-button" onClick={onExpand}>
            {replies.length > 0 ? t("replies", { count: replies.length }) : t("reply")}
          </button>
        ) : null}
        {mine && writable && !annotation.pending && !editing ? (
          <>
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t("edit")}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                if (window.confirm(t("deleteConfirm"))) onSubmit({ type: "annotation.delete", annotationId: annotation.id });
              }}
            >
              {t("delete")}
            </button>
          </>
        ) : null}
        {canModerate && !annotation.pending ? (
          <button type="button" className="link-button" onClick={() => onSubmit({ type: "annotation.hide", annotationId: annotation.id, hidden: !annotation.hidden })}>
            {annotation.hidden ? t("unhide") : t("hide")}
          </button>
        ) : null}
      </div>
      {expanded ? <Thread annotation={annotation} replies={replies} viewerId={viewerId} canModerate={canModerate} writable={writable} onSubmit={onSubmit} /> : null}
    </li>
  );
}

function Thread({
  annotation,
  replies,
  viewerId,
  canModerate,
  writable,
  onSubmit,
}: {
  annotation: Shown<AnnotationView>;
  replies: Shown<ReplyView>[];
  viewerId: string;
  canModerate: boolean;
  writable: boolean;
  onSubmit: Props["onSubmit"];
}) {
  const t = useTranslations("annotations");
  const [composerKey, setComposerKey] = useState(0);
  return (
    <div>
      {replies.length > 0 ? (
        <ul className="thread" aria-label={t("threadLabel")}>
          {replies.map((reply) => (
            <ReplyItem key={reply.id} reply={reply} mine={reply.authorId === viewerId} canModerate={canModerate} writable={writable} onSubmit={onSubmit} />
          ))}
        </ul>
      ) : null}
      {writable && !annotation.pending && !annotation.hidden ? (
        <Composer
          key={composerKey}
          initial=""
          label={t("replyLabel")}
          submitLabel={t("sendReply")}
          onSave={(body) => {
            const error = onSubmit({ type: "reply.create", replyId: newId(), annotationId: annotation.id, body });
            if (!error) setComposerKey((key) => key + 1);
            return error;
          }}
        />
      ) : null}
    </div>
  );
}

function ReplyItem({
  reply,
  mine,
  canModerate,
  writable,
  onSubmit,
}: {
  reply: Shown<ReplyView>;
  mine: boolean;
  canModerate: boolean;
  writable: boolean;
  onSubmit: Props["onSubmit"];
}) {
  const t = useTranslations("annotations");
  const [editing, setEditing] = useState(false);
  return (
    <li data-testid="reply">
      <div className="annotation-head">
        <Avatar name={reply.authorName} id={reply.authorId} />
        <strong>{reply.authorName}</strong>
        <GuestBadge userId={reply.authorId} />
        <ItemTags item={reply} />
      </div>
      {editing ? (
        <Composer
          initial={reply.body}
          submitLabel={t("save")}
          onCancel={() => setEditing(false)}
          onSave={(body) => {
            const error = onSubmit({ type: "reply.update", replyId: reply.id, body });
            if (!error) setEditing(false);
            return error;
          }}
        />
      ) : (
        <Body item={reply} />
      )}
      <div className="annotation-actions">
        {mine && writable && !reply.pending && !editing ? (
          <>
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t("edit")}
            </button>
            <button type="button" className="link-button" onClick={() => window.confirm(t("deleteReplyConfirm")) && onSubmit({ type: "reply.delete", replyId: reply.id })}>
              {t("delete")}
            </button>
          </>
        ) : null}
        {canModerate && !reply.pending ? (
          <button type="button" className="link-button" onClick={() => onSubmit({ type: "reply.hide", replyId: reply.id, hidden: !reply.hidden })}>
            {reply.hidden ? t("unhide") : t("hide")}
          </button>
        ) : null}
      </div>
    </li>
  );
}

function ItemTags({ item }: { item: { pending?: boolean; editedAt: number | null; createdAt: number } }) {
  const t = useTranslations("annotations");
  const format = useFormatter();
  return (
    <>
      <span className="muted small">{format.dateTime(new Date(item.createdAt), { timeStyle: "short" })}</span>
      {item.pending ? <span className="tag tag-pending">{t("pending")}</span> : null}
      {item.editedAt ? <span className="tag">{t("edited")}</span> : null}
    </>
  );
}

/** The words of an annotation or reply: server-sanitised HTML, or plain text while pending. */
function Body({ item }: { item: { body: string; bodyHtml: string; hidden: boolean; pending?: boolean } }) {
  const t = useTranslations("annotations");
  if (item.hidden) return <p className="muted small">{t("hiddenByFacilitator")}</p>;
  if (!item.body) return null;
  if (item.pending || !item.bodyHtml)
    return (
      <p className="comment-body" style={{ whiteSpace: "pre-wrap" }}>
        {item.body}
      </p>
    );
  return <div className="comment-body" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />;
}

type ComposerProps = {
  initial: string;
  submitLabel: string;
  label?: string;
  allowEmpty?: boolean;
  onSave: (body: string) => ErrorBody | null;
  onCancel?: () => void;
  children?: React.ReactNode;
};

/** A small Markdown text box with a length counter. */
export function Composer({ initial, submitLabel, label, allowEmpty, onSave, onCancel, children }: ComposerProps) {
  const t = useTranslations("annotations");
  const [body, setBody] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [id] = useState(() => `composer-${Math.random().toString(36).slice(2)}`);
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (!allowEmpty && !body.trim()) return;
        const problem = onSave(body);
        setError(problem ? problem.message : null);
      }}
    >
      <label htmlFor={id} className={label ? "small" : "visually-hidden"}>
        {label ?? t("commentLabel")}
      </label>
      <textarea id={id} value={body} onChange={(event) => setBody(event.target.value)} maxLength={4000} aria-describedby={`${id}-hint`} />
      <div id={`${id}-hint`} className="muted small">
        {t("markdownHint", { used: body.length })}
      </div>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {children}
      <div className="row">
        {onCancel ? (
          <button type="button" className="button button-secondary button-small" onClick={onCancel}>
            {t("cancel")}
          </button>
        ) : null}
        <button type="submit" className="button button-small">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
