"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { PresenceStore } from "@/app/_live/presence-store";
import { useEffect, useMemo, useRef, useState } from "react";
import { GuestBadge } from "@/app/_components/guest-badge";
import { Avatar } from "@/app/_components/avatar";
import { ReactionIcon } from "@/app/_components/reaction-icon";
import { newId } from "@/app/_live/use-live-session";
import type { Shown } from "@/lib/annotations/layer-state";
import type { ErrorBody } from "@/lib/errors";
import type { MessageView, Operation, Passage } from "@/lib/protocol";
import { reactions } from "@/lib/protocol-constants";
import { Composer } from "./annotation-card";
import { TypingLine } from "./presence-indicators";

type Props = {
  messages: Shown<MessageView>[];
  viewerId: string;
  readOnly: boolean;
  /** Who is here: the line saying who else is typing follows it on its own. */
  presence: PresenceStore;
  quote: Passage | null;
  onClearQuote: () => void;
  onSubmit: (operation: Operation) => ErrorBody | null;
  onShowPassage: (passage: Passage) => void;
  onTyping: (typing: boolean) => void;
  /** Called with the newest message's seq once the member has seen the bottom of the thread. */
  onSeen: (seq: number) => void;
  visible: boolean;
};

/** The session's discussion thread: messages, one level of replies, reactions, mentions and quoted passages. */
export function ThreadPanel({ messages, viewerId, readOnly, presence, quote, onClearQuote, onSubmit, onShowPassage, onTyping, onSeen, visible }: Props) {
  const t = useTranslations("thread");
  const list = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [composerKey, setComposerKey] = useState(0);
  const topLevel = useMemo(() => messages.filter((message) => !message.parentId), [messages]);
  const repliesOf = useMemo(() => {
    const map = new Map<string, Shown<MessageView>[]>();
    for (const message of messages) if (message.parentId) map.set(message.parentId, [...(map.get(message.parentId) ?? []), message]);
    return map;
  }, [messages]);
  const newestSeq = messages.reduce((highest, message) => (message.pending ? highest : Math.max(highest, message.seq)), 0);

  useEffect(() => {
    if (visible && atBottom) onSeen(newestSeq);
  }, [visible, atBottom, newestSeq, onSeen]);

  useEffect(() => {
    if (atBottom && list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [messages.length, atBottom]);

  function send(body: string, parentId: string | null) {
    const error = onSubmit({ type: "message.create", messageId: newId(), parentId, body, quote: parentId ? null : quote });
    if (!error) {
      onTyping(false);
      if (!parentId) onClearQuote();
      setReplyTo(null);
      setComposerKey((key) => key + 1);
    }
    return error;
  }

  return (
    <section className="thread-panel" aria-label={t("label")}>
      <div
        className="thread-list"
        ref={list}
        onScroll={(event) => {
          const element = event.currentTarget;
          setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight < 40);
        }}
        data-testid="thread"
      >
        {topLevel.length === 0 ? <p className="empty">{t("empty")}</p> : null}
        <ul className="message-list">
          {topLevel.map((message) => (
            <MessageItem key={message.id} message={message} viewerId={viewerId} readOnly={readOnly} onSubmit={onSubmit} onShowPassage={onShowPassage}>
              <ul className="message-replies">
                {(repliesOf.get(message.id) ?? []).map((reply) => (
                  <MessageItem key={reply.id} message={reply} viewerId={viewerId} readOnly={readOnly} onSubmit={onSubmit} onShowPassage={onShowPassage} />
                ))}
              </ul>
              {!readOnly && !message.pending ? (
                replyTo === message.id ? (
                  <Composer
                    initial=""
                    label={t("replyLabel", { name: message.authorName })}
                    submitLabel={t("send")}
                    onCancel={() => setReplyTo(null)}
                    onSave={(body) => send(body, message.id)}
                  />
                ) : (
                  <button type="button" className="link-button small" onClick={() => setReplyTo(message.id)}>
                    {t("reply")}
                  </button>
                )
              ) : null}
            </MessageItem>
          ))}
        </ul>
      </div>
      {!atBottom ? (
        <button type="button" className="button button-small jump-latest" onClick={() => list.current?.scrollTo({ top: list.current.scrollHeight })}>
          {t("jumpToLatest")}
        </button>
      ) : null}
      <TypingLine presence={presence} />
      {readOnly ? (
        <p className="muted small">{t("readOnly")}</p>
      ) : (
        <div className="thread-composer" onInput={() => onTyping(true)} onBlur={() => onTyping(false)}>
          {quote ? (
            <div className="quoted-passage">
              <blockquote className="annotation-quote">{quote.exact}</blockquote>
              <button type="button" className="link-button small" onClick={onClearQuote}>
                {t("removeQuote")}
              </button>
            </div>
          ) : null}
          <Composer key={composerKey} initial="" label={t("messageLabel")} submitLabel={t("send")} onSave={(body) => send(body, null)} />
        </div>
      )}
    </section>
  );
}

type ItemProps = {
  message: Shown<MessageView>;
  viewerId: string;
  readOnly: boolean;
  onSubmit: Props["onSubmit"];
  onShowPassage: Props["onShowPassage"];
  children?: React.ReactNode;
};

function MessageItem({ message, viewerId, readOnly, onSubmit, onShowPassage, children }: ItemProps) {
  const t = useTranslations("thread");
  const format = useFormatter();
  const [editing, setEditing] = useState(false);
  const mine = message.authorId === viewerId;
  const mentionsMe = message.mentions.includes(viewerId);
  return (
    <li className="message" data-mentions-me={mentionsMe} data-testid="message">
      <div className="annotation-head">
        <Avatar name={message.authorName} id={message.authorId} />
        <strong>{message.authorName}</strong>
        <GuestBadge userId={message.authorId} />
        <span className="muted small">{format.dateTime(new Date(message.createdAt), { timeStyle: "short" })}</span>
        {message.pending ? <span className="tag tag-pending">{t("sending")}</span> : null}
        {message.editedAt ? <span className="tag">{t("edited")}</span> : null}
        {mentionsMe ? <span className="tag tag-mention">{t("mentionsYou")}</span> : null}
      </div>
      {message.quote ? (
        <button
          type="button"
          className="annotation-quote-button"
          onClick={() => onShowPassage(message.quote!)}
          aria-label={t("showQuote", { quote: message.quote.exact.slice(0, 80) })}
        >
          <blockquote className="annotation-quote">{message.quote.exact}</blockquote>
        </button>
      ) : null}
      {editing ? (
        <Composer
          initial={message.body}
          submitLabel={t("save")}
          onCancel={() => setEditing(false)}
          onSave={(body) => {
            const error = onSubmit({ type: "message.update", messageId: message.id, body });
            if (!error) setEditing(false);
            return error;
          }}
        />
      ) : message.pending || !message.bodyHtml ? (
        <p className="comment-body" style={{ whiteSpace: "pre-wrap" }}>
          {message.body}
        </p>
      ) : (
        <div className="comment-body" dangerouslySetInnerHTML={{ __html: message.bodyHtml }} />
      )}
      <div className="reactions" role="group" aria-label={t("reactions")}>
        {reactions.map((reaction) => {
          const who = message.reactions[reaction] ?? [];
          const pressed = who.includes(viewerId);
          if (readOnly && who.length === 0) return null;
          return (
            <button
              key={reaction}
              type="button"
              className="reaction"
              aria-pressed={pressed}
              disabled={readOnly || message.pending}
              aria-label={t(`reaction.${reaction}`, { count: who.length })}
              onClick={() => onSubmit({ type: "message.react", messageId: message.id, reaction, on: !pressed })}
            >
              <ReactionIcon reaction={reaction} />
              {who.length > 0 ? <span>{who.length}</span> : null}
            </button>
          );
        })}
        {mine && !readOnly && !message.pending && !editing ? (
          <>
            <button type="button" className="link-button small" onClick={() => setEditing(true)}>
              {t("edit")}
            </button>
            <button type="button" className="link-button small" onClick={() => window.confirm(t("deleteConfirm")) && onSubmit({ type: "message.delete", messageId: message.id })}>
              {t("delete")}
            </button>
          </>
        ) : null}
      </div>
      {children}
    </li>
  );
}
