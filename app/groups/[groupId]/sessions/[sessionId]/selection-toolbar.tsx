"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import type { SelectedPassage } from "./annotated-article";
import { KindMarker } from "./kind-marker";

type Props = {
  passage: SelectedPassage;
  container: HTMLElement | null;
  onHighlight: (kind: AnnotationKind) => void;
  onComment: () => void;
  onDismiss: () => void;
  /** Extra actions for this passage (quote in thread, focus, poll, anchor a question). */
  actions: { label: string; run: () => void }[];
  /** The session has ended: what is made now is a personal note. */
  privateOnly: boolean;
};

/** The small toolbar a selection brings up: highlight as one of the kinds, or write a comment. */
export function SelectionToolbar({ passage, container, onHighlight, onComment, onDismiss, actions, privateOnly }: Props) {
  const t = useTranslations("annotations");
  const toolbar = useRef<HTMLDivElement>(null);
  const base = container?.getBoundingClientRect();
  const top = base ? passage.rect.bottom - base.top + 8 : 0;
  const left = base ? Math.max(0, Math.min(passage.rect.left - base.left, base.width - 320)) : 0;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onDismiss();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onDismiss]);

  return (
    <div ref={toolbar} className="selection-toolbar" role="toolbar" aria-label={t("toolbar")} style={{ top, left }} data-testid="selection-toolbar" onClick={(event) => event.stopPropagation()}>
      <span className="toolbar-label">{privateOnly ? t("privateHighlightAs") : t("highlightAs")}</span>
      {annotationKinds.map((kind) => (
        <button key={kind} type="button" className="kind-chip" onClick={() => onHighlight(kind)} aria-label={t("highlightKind", { kind: t(`kinds.${kind}`) })}>
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
      <button type="button" className="link-button small" onClick={onDismiss}>
        {t("cancel")}
      </button>
    </div>
  );
}
