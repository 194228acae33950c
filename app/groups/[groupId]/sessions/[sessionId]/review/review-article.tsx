"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { TextIndex } from "@/app/_live/text-index";
import { offsetAtPoint, usePassageSelection } from "@/app/_live/use-passage-selection";
import { annotationKinds } from "@/lib/annotations/kinds";
import { overlaps } from "@/lib/annotations/layer-state";
import type { AnnotationView } from "@/lib/protocol";
import type { Heat } from "@/lib/review/activity";

/** A passage the reader selected, in canonical offsets. */
export type Selected = { start: number; end: number; exact: string };

type Props = {
  children: React.ReactNode;
  annotations: AnnotationView[];
  heat: Map<string, Heat>;
  activeId: string | null;
  spotBlockId: string | null;
  /** A passage to scroll to (and mark) when it changes. */
  scrollTo: { start: number; end: number; at: number } | null;
  onOpenSpot: (blockId: string, annotationIds: string[]) => void;
  onSelect: (passage: Selected | null) => void;
};

const supportsHighlights = () => typeof CSS !== "undefined" && "highlights" in CSS;

/**
 * The article of a past session, read-only: highlights of the annotations shown (CSS Custom
 * Highlight API, the text is never rewritten), a heat strip in the margin showing where the
 * discussion concentrated, and text selection for the reader's own private notes.
 */
export function ReviewArticle({ children, annotations, heat, activeId, spotBlockId, scrollTo, onOpenSpot, onSelect }: Props) {
  const t = useTranslations("review");
  const tArticle = useTranslations("article");
  const root = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<TextIndex | null>(null);
  const [boxes, setBoxes] = useState<Record<string, { top: number; height: number }>>({});

  useLayoutEffect(() => {
    if (root.current) setIndex(new TextIndex(root.current));
  }, []);

  useEffect(() => {
    const container = root.current;
    if (!container || !index) return;
    const measure = () => {
      const base = container.getBoundingClientRect().top;
      const next: Record<string, { top: number; height: number }> = {};
      for (const block of index.blocks) {
        const box = block.box.getBoundingClientRect();
        next[block.blockId] = { top: Math.round(box.top - base), height: Math.round(box.height) };
      }
      setBoxes(next);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    // A block's height is an estimate until its contents first come near the screen (reader.css).
    for (const block of index.blocks) observer.observe(block.box);
    void document.fonts?.ready.then(measure);
    return () => observer.disconnect();
  }, [index]);

  useEffect(() => {
    if (!index || !supportsHighlights()) return;
    const byKind = new Map<string, Range[]>(annotationKinds.map((kind) => [`sc-kind-${kind}`, []]));
    const active: Range[] = [];
    for (const annotation of annotations) {
      const range = index.range(annotation.start, annotation.end);
      if (!range) continue;
      byKind.get(`sc-kind-${annotation.kind}`)!.push(range);
      if (annotation.id === activeId) active.push(range.cloneRange());
    }
    const focus = scrollTo ? index.range(scrollTo.start, scrollTo.end) : null;
    const layers: [string, Range[], number][] = [
      ...[...byKind.entries()].map(([name, ranges]) => [name, ranges, 1] as [string, Range[], number]),
      ["sc-overlap", overlaps(annotations).flatMap((stretch) => index.range(stretch.start, stretch.end) ?? []), 2],
      ["sc-active", [...active, ...(focus && active.length === 0 ? [focus] : [])], 4],
    ];
    for (const [name, ranges, priority] of layers) {
      const highlight = new Highlight(...ranges);
      highlight.priority = priority;
      CSS.highlights.set(name, highlight);
    }
    return () => {
      for (const [name] of layers) CSS.highlights.delete(name);
    };
  }, [activeId, annotations, index, scrollTo]);

  useEffect(() => {
    if (!index || !scrollTo) return;
    index.blockAt(scrollTo.start)?.element.scrollIntoView({ behavior: "smooth", block: "center" });
  }, [index, scrollTo]);

  // Only the passage itself travels on (an operation's passage carries nothing else).
  const selectPassage = useCallback((passage: Selected | null) => onSelect(passage && { start: passage.start, end: passage.end, exact: passage.exact }), [onSelect]);
  usePassageSelection(root, index, selectPassage);

  const max = Math.max(1, ...[...heat.values()].map((entry) => entry.total));
  const blockIdsWith = (blockId: string) => {
    const block = index?.blocks.find((candidate) => candidate.blockId === blockId);
    if (!block) return [];
    return annotations.filter((annotation) => annotation.start <= block.end && annotation.end >= block.start).map((annotation) => annotation.id);
  };

  return (
    <div
      className="review-article"
      ref={root}
      data-testid="review-article"
      onClick={(event) => {
        if (!index || window.getSelection()?.isCollapsed === false) return;
        const offset = offsetAtPoint(index, event.clientX, event.clientY);
        if (offset === null) return;
        const hits = annotations.filter((annotation) => annotation.start <= offset && offset < annotation.end).map((annotation) => annotation.id);
        const block = index.blockAt(offset);
        if (hits.length > 0 && block) onOpenSpot(block.blockId, hits);
      }}
    >
      {children}
      <div className="heat-strip" aria-label={t("heatLabel")} role="group" data-testid="heat-strip">
        {index?.blocks.map((block) => {
          const box = boxes[block.blockId];
          const entry = heat.get(block.blockId);
          if (!box || !entry) return null;
          const level = entry.total / max;
          const label = block.element.closest("[data-block-id]")?.querySelector("[data-paragraph-number]")?.textContent;
          const where = label ? tArticle("paragraph", { n: Number(label) }) : t("heading");
          return (
            <button
              key={block.blockId}
              type="button"
              className="heat-bar"
              data-active={spotBlockId === block.blockId}
              data-heat={entry.total}
              style={{ top: box.top, height: Math.max(box.height, 18), ["--heat" as string]: String(0.18 + level * 0.82) }}
              aria-label={t("heatBar", { where, annotations: entry.annotations, replies: entry.replies, messages: entry.messages, questions: entry.questions })}
              title={t("heatBar", { where, annotations: entry.annotations, replies: entry.replies, messages: entry.messages, questions: entry.questions })}
              onClick={(event) => {
                event.stopPropagation();
                onOpenSpot(block.blockId, blockIdsWith(block.blockId));
              }}
            >
              <span className="heat-count" aria-hidden="true">
                {entry.total}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
