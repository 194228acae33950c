"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import type { Shown } from "@/lib/annotations/layer-state";
import type { AnnotationView } from "@/lib/protocol";

/** How much of the others' annotating a screen reader hears: each new annotation, or nothing. */
export type AnnouncementLevel = "all" | "off";

const ANNOUNCE_KEY = "study-circle:announce-annotations";
const SHORTCUT = "Alt+Shift+P";

type Props = {
  announcements: AnnouncementLevel;
  onAnnouncements: (level: AnnouncementLevel) => void;
};

/**
 * The keyboard's way into the text: a "go to paragraph" field (Alt+Shift+P from anywhere) that
 * puts focus on that paragraph's button in the margin, and the choice of hearing others' new
 * annotations announced.
 */
export function ReadingKeys({ announcements, onAnnouncements }: Props) {
  const t = useTranslations("annotations");
  const ids = useId();
  const field = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState("");

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.code !== "KeyP") return;
      event.preventDefault();
      field.current?.focus();
      field.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const goTo = (event: React.FormEvent) => {
    event.preventDefault();
    const number = field.current?.value.trim() ?? "";
    const target = document.querySelector<HTMLElement>(`[data-rail-paragraph="${CSS.escape(number)}"] .rail-add`);
    if (!target) return setMessage(t("noSuchParagraph", { number }));
    setMessage("");
    target.focus({ preventScroll: true });
    const blockId = target.closest<HTMLElement>("[data-rail-block]")?.dataset.railBlock ?? "";
    document.querySelector(`[data-block-id="${CSS.escape(blockId)}"]`)?.scrollIntoView({ block: "center" });
  };

  return (
    <div className="reading-keys">
      <form className="paragraph-jump" onSubmit={goTo}>
        <label htmlFor={`${ids}-paragraph`}>{t("goToParagraph")}</label>
        <input
          ref={field}
          id={`${ids}-paragraph`}
          inputMode="numeric"
          pattern="[0-9]*"
          size={4}
          autoComplete="off"
          aria-keyshortcuts={SHORTCUT}
          aria-describedby={`${ids}-hint`}
          data-testid="paragraph-jump"
        />
        <button type="submit" className="button button-small button-secondary">
          {t("goToButton")}
        </button>
        <span id={`${ids}-hint`} className="visually-hidden">
          {t("goToHint", { shortcut: SHORTCUT })}
        </span>
        <span role="status" className="small">
          {message}
        </span>
      </form>
      <label className="announce-level small">
        {t("announceLabel")}
        <select value={announcements} onChange={(event) => onAnnouncements(event.target.value as AnnouncementLevel)}>
          <option value="all">{t("announceAll")}</option>
          <option value="off">{t("announceOff")}</option>
        </select>
      </label>
    </div>
  );
}

/** The member's choice of announcements, remembered on this device. */
export function useAnnouncementLevel(): [AnnouncementLevel, (level: AnnouncementLevel) => void] {
  const [level, setLevel] = useState<AnnouncementLevel>("all");
  useEffect(() => {
    if (window.localStorage.getItem(ANNOUNCE_KEY) === "off") setLevel("off");
  }, []);
  return [
    level,
    (next) => {
      setLevel(next);
      window.localStorage.setItem(ANNOUNCE_KEY, next);
    },
  ];
}

/**
 * What a screen reader should say about annotations others have just added ("Ben Okafor: key
 * point on “the reading room…”"), for a polite live region; nothing when turned off. Until the
 * layer has arrived (`ready`) nothing is new: the layer arriving is not news.
 */
export function useAnnotationAnnouncements(annotations: Shown<AnnotationView>[], viewerId: string, level: AnnouncementLevel, ready: boolean): string {
  const t = useTranslations("annotations");
  const known = useRef<Set<string> | null>(null);
  const [text, setText] = useState("");
  useEffect(() => {
    if (!ready) return;
    const fresh = known.current ? annotations.filter((annotation) => !known.current!.has(annotation.id) && !annotation.pending) : [];
    known.current = new Set(annotations.filter((annotation) => !annotation.pending).map((annotation) => annotation.id));
    const others = fresh.filter((annotation) => annotation.authorId !== viewerId);
    if (level === "off" || others.length === 0) return;
    setText(
      others
        .map((annotation) => t("announced", { name: annotation.authorName, kind: t(`kinds.${annotation.kind}`), quote: excerpt(annotation.exact) }))
        .join(" "),
    );
  }, [annotations, level, ready, t, viewerId]);
  return text;
}

function excerpt(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= 8 ? words.join(" ") : `${words.slice(0, 8).join(" ")}…`;
}
