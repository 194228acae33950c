"use client";

import { useTranslations } from "next-intl";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { SelectedPassage } from "./annotated-article";
import { KindMarker } from "./kind-marker";

type Props = {
  passage: SelectedPassage;
  container: HTMLElement | null;
  /** `fromKeyboard`: the member chose by keyboard, so focus should follow to the new annotation. */
  onHighlight: (kind: AnnotationKind, fromKeyboard: boolean) => void;
  onComment: () => void;
  onDismiss: () => void;
  /** Extra actions for this passage (quote in thread, focus, poll, anchor a question). */
  actions: { label: string; run: () => void }[];
  /** The session has ended: what is made now is a personal note. */
  privateOnly: boolean;
};

/**
 * The small toolbar a selection brings up: highlight as one of the kinds, or write a comment.
 * Opened from the keyboard it takes the focus (← → between its buttons, Escape gives it back).
 */
export function SelectionToolbar({ passage, container, onHighlight, onComment, onDismiss, actions, privateOnly }: Props) {
  const t = useTranslations("annotations");
  const toolbar = useRef<HTMLDivElement>(null);
  // The passage and the container are measured together, and again whenever the container's size
  // changes: paragraphs off screen are laid out at an estimated height (content-visibility), and
  // as those near a jumped-to paragraph are laid out for real, the passage moves in the container.
  const [{ top, left }, setPlace] = useState(() => placeBelow(passage.measure(), container));
  useLayoutEffect(() => {
    if (!container) return;
    const observer = new ResizeObserver(() => setPlace(placeBelow(passage.measure(), container)));
    observer.observe(container);
    return () => observer.disconnect();
  }, [passage, container]);

  const opener = passage.returnFocusTo;
  useEffect(() => {
    toolbar.current?.scrollIntoView({ block: "nearest" });
    if (opener) toolbar.current?.querySelector("button")?.focus({ preventScroll: true });
  }, [opener]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      onDismiss();
      opener?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onDismiss, opener]);

  return (
    <div
      ref={toolbar}
      className="selection-toolbar"
      role="toolbar"
      aria-label={t("toolbar")}
      style={{ top, left }}
      data-testid="selection-toolbar"
      onClick={(event) => event.stopPropagation()}
      onKeyDown={moveAlongToolbar}
    >
      <span className="toolbar-label">{privateOnly ? t("privateHighlightAs") : t("highlightAs")}</span>
      {annotationKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          className="kind-chip"
          onClick={(event) => onHighlight(kind, event.detail === 0)}
          aria-label={t("highlightKind", { kind: t(`kinds.${kind}`) })}
        >
          <KindMarker kind={kind} />
          {t(`kinds.${kind}`)}
        </button>
      ))}
      <button type="button" className="button button-small" onClick={onComment}>
        {t("comment")}
      </button>
      {actions.map((action) => (
        <button key={action.label} type="button" className="button button-secondary button-small" onClick={action.run}>
          {action.label}
        </button>
      ))}
      <button
        type="button"
        className="link-button small"
        onClick={() => {
          onDismiss();
          opener?.focus();
        }}
      >
        {t("cancel")}
      </button>
    </div>
  );
}

// ← → (and Home, End) move between the toolbar's buttons, as in any toolbar.
function moveAlongToolbar(event: React.KeyboardEvent<HTMLDivElement>) {
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, Home: -buttons.length, End: buttons.length };
  const step = steps[event.key];
  if (at < 0 || step === undefined) return;
  event.preventDefault();
  buttons[Math.max(0, Math.min(buttons.length - 1, at + step))]?.focus();
}

/** Where the toolbar sits in `container`: just below the passage, kept inside the container's width. */
function placeBelow(rect: DOMRect, container: HTMLElement | null): { top: number; left: number } {
  const base = container?.getBoundingClientRect();
  if (!base) return { top: 0, left: 0 };
  return { top: rect.bottom - base.top + 8, left: Math.max(0, Math.min(rect.left - base.left, base.width - 320)) };
}
