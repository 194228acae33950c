"use client";

import { useTranslations } from "next-intl";
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PresenceStore, ReaderPlacement } from "@/app/_live/presence-store";
import { TextIndex, type IndexedBlock } from "@/app/_live/text-index";
import { offsetAtPoint, usePassageSelection, type SelectedPassage } from "@/app/_live/use-passage-selection";
import { overlaps, type Shown } from "@/lib/annotations/layer-state";
import { annotationKinds } from "@/lib/annotations/kinds";
import type { AnnotationView } from "@/lib/protocol";
import { RailReaders } from "./presence-indicators";

export type { SelectedPassage };

type Props = {
  children: React.ReactNode;
  annotations: Shown<AnnotationView>[];
  activeId: string | null;
  draft: { start: number; end: number } | null;
  /** The passage the facilitator focused, marked for everyone who follows. */
  focus: { start: number; end: number } | null;
  /** Who is here: each paragraph's readers follow it on their own, without re-rendering the article. */
  presence: PresenceStore;
  /** Where another edition's shared paragraph shows on this text (none: the text is the one they share). */
  placeReader?: ReaderPlacement | undefined;
  openBlockId: string | null;
  onSelect: (passage: SelectedPassage | null) => void;
  onOpenSpot: (annotationIds: string[], blockId: string | null) => void;
  onReading: (blockId: string | null) => void;
  /** Receives the article's canonical text, read from the page once. */
  onText: (text: string) => void;
  /** Scrolls to the paragraph holding this offset whenever it changes. */
  scrollTarget: { offset: number; at: number } | null;
};

const supportsHighlights = () => typeof CSS !== "undefined" && "highlights" in CSS;

/**
 * The server-rendered article, decorated: everyone's highlights (drawn with the CSS Custom
 * Highlight API, so the text itself is never rewritten), a margin rail with per-paragraph
 * counts, buttons and reading markers, and text selection that turns into a passage.
 */
export function AnnotatedArticle({
  children,
  annotations,
  activeId,
  draft,
  focus,
  presence,
  placeReader,
  openBlockId,
  onSelect,
  onOpenSpot,
  onReading,
  onText,
  scrollTarget,
}: Props) {
  const t = useTranslations("annotations");
  const root = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState<TextIndex | null>(null);
  const [railTops, setRailTops] = useState<Record<string, number>>({});
  // The margin rail is one tab stop: this paragraph's button takes Tab, arrows move between them.
  const [railFocus, setRailFocus] = useState<string | null>(null);
  const onRailKey = useRailKeys(index);
  const readingHere = useCallback((names: string) => t("readingHere", { names }), [t]);

  useEffect(() => {
    const container = root.current;
    if (!container) return;
    // In a task of its own, after the page's other first effects (the connection, the layer's
    // fetch): reading the whole text is a long step of its own on a slow phone.
    const timer = setTimeout(() => {
      const built = new TextIndex(container);
      // The margin rail (a few buttons per paragraph) renders in slices rather than in one long task.
      startTransition(() => {
        setIndex(built);
        onText(built.text);
      });
    });
    return () => clearTimeout(timer);
  }, [onText]);

  useEffect(() => {
    if (!index || !scrollTarget) return;
    index.blockAt(scrollTarget.offset)?.element.scrollIntoView({ behavior: "smooth", block: "center" });
  }, [index, scrollTarget]);

  useRailPositions(root, index, setRailTops);
  useHighlights(index, annotations, activeId, draft, focus);
  useReadingPosition(index, onReading);
  usePassageSelection(root, index, onSelect);

  // What each paragraph's rail item says of it, read from the page once.
  const railBlocks = useMemo(
    () =>
      (index?.blocks ?? []).map((block) => {
        const number = block.box.querySelector("[data-paragraph-number]")?.textContent ?? undefined;
        return { block, number, label: number ?? `“${(block.element.textContent ?? "").slice(0, 40)}”` };
      }),
    [index],
  );

  const countsByBlock = useMemo(() => {
    const counts = new Map<string, string[]>();
    if (!index) return counts;
    for (const annotation of annotations) {
      const block = index.blockAt(annotation.start);
      if (!block) continue;
      counts.set(block.blockId, [...(counts.get(block.blockId) ?? []), annotation.id]);
    }
    return counts;
  }, [annotations, index]);

  const openSpotAt = useCallback(
    (event: React.MouseEvent) => {
      if (!index || window.getSelection()?.isCollapsed === false) return;
      const offset = offsetAtPoint(index, event.clientX, event.clientY);
      if (offset === null) return;
      const hits = annotations.filter((annotation) => annotation.start <= offset && offset < annotation.end).map((annotation) => annotation.id);
      if (hits.length > 0) onOpenSpot(hits, null);
    },
    [annotations, index, onOpenSpot],
  );

  return (
    <div className="annotated-article" ref={root} onClick={openSpotAt} data-testid="annotated-article">
      {children}
      <div className="margin-rail" role="toolbar" aria-orientation="vertical" aria-label={t("railLabel")} onKeyDown={onRailKey} id="paragraph-rail">
        {railBlocks.map(({ block, number, label }, position) => {
          const top = railTops[block.blockId];
          if (top === undefined) return null;
          return (
            <RailItem
              key={block.blockId}
              block={block}
              number={number}
              label={label}
              top={top}
              ids={countsByBlock.get(block.blockId) ?? noIds}
              tabStop={railFocus ? railFocus === block.blockId : position === 0}
              open={openBlockId === block.blockId}
              presence={presence}
              placeReader={placeReader}
              readingHere={readingHere}
              onOpenSpot={onOpenSpot}
              onSelect={onSelect}
              onFocusBlock={setRailFocus}
            />
          );
        })}
      </div>
    </div>
  );
}

const noIds: string[] = [];

type RailItemProps = {
  block: IndexedBlock;
  number: string | undefined;
  label: string;
  top: number;
  /** The annotations starting in this paragraph. */
  ids: string[];
  tabStop: boolean;
  open: boolean;
  presence: PresenceStore;
  placeReader: ReaderPlacement | undefined;
  readingHere: (names: string) => string;
  onOpenSpot: (annotationIds: string[], blockId: string | null) => void;
  onSelect: (passage: SelectedPassage | null) => void;
  onFocusBlock: (blockId: string) => void;
};

/**
 * One paragraph's place in the margin rail: its count, its "+" and who reads it. Memoised, so
 * the layer arriving or one annotation changing re-renders only the paragraphs whose counts
 * changed, not hundreds of them.
 */
const RailItem = memo(function RailItem({ block, number, label, top, ids, tabStop, open, presence, placeReader, readingHere, onOpenSpot, onSelect, onFocusBlock }: RailItemProps) {
  const t = useTranslations("annotations");
  return (
    <div className="rail-item" style={{ top }} data-rail-block={block.blockId} data-rail-paragraph={number} onFocus={() => onFocusBlock(block.blockId)}>
      {ids.length > 0 ? (
        <button
          type="button"
          className="rail-count"
          tabIndex={-1}
          data-active={open}
          aria-label={t("paragraphCount", { count: ids.length, paragraph: label })}
          onClick={(event) => {
            event.stopPropagation();
            onOpenSpot(ids, block.blockId);
          }}
        >
          {ids.length}
        </button>
      ) : null}
      <button
        type="button"
        className="rail-add"
        tabIndex={tabStop ? 0 : -1}
        aria-label={t("annotateParagraph", { paragraph: label })}
        aria-keyshortcuts="ArrowUp ArrowDown PageUp PageDown Home End"
        onClick={(event) => {
          event.stopPropagation();
          const text = block.element.textContent ?? "";
          // A click from the keyboard (Enter, Space) has no pointer detail: the toolbar then takes the focus.
          const returnFocusTo = event.detail === 0 ? event.currentTarget : undefined;
          onSelect({ start: block.start, end: block.end, exact: text, measure: () => block.element.getBoundingClientRect(), returnFocusTo });
        }}
      >
        +
      </button>
      <RailReaders presence={presence} blockId={block.blockId} place={placeReader} label={readingHere} />
    </div>
  );
}, sameRailItem);

function sameRailItem(before: RailItemProps, after: RailItemProps): boolean {
  for (const key of Object.keys(after) as (keyof RailItemProps)[]) {
    if (key === "ids") continue;
    if (before[key] !== after[key]) return false;
  }
  return before.ids.length === after.ids.length && before.ids.every((id, position) => id === after.ids[position]);
}

/**
 * Keys of the margin rail: ↑ ↓ to the previous or next paragraph, Page Up and Page Down ten at a
 * time, Home and End, ← → between a paragraph's "+" and its count. Focus follows, and the
 * paragraph scrolls into view.
 */
function useRailKeys(index: TextIndex | null) {
  return useCallback(
    (event: React.KeyboardEvent<HTMLDivElement>) => {
      const current = (event.target as HTMLElement).closest<HTMLElement>("[data-rail-block]");
      if (!index || !current) return;
      const items = [...event.currentTarget.querySelectorAll<HTMLElement>("[data-rail-block]")];
      const at = items.indexOf(current);
      const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -items.length, End: items.length };
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        const target = current.querySelector<HTMLElement>(event.key === "ArrowLeft" ? ".rail-count" : ".rail-add");
        if (target) moveFocus(event, target);
        return;
      }
      const step = steps[event.key];
      if (step === undefined) return;
      const next = items[Math.max(0, Math.min(items.length - 1, at + step))];
      const target = next?.querySelector<HTMLElement>(".rail-add");
      if (target) moveFocus(event, target);
    },
    [index],
  );
}

function moveFocus(event: React.KeyboardEvent, target: HTMLElement) {
  event.preventDefault();
  target.focus({ preventScroll: true });
  const blockId = target.closest<HTMLElement>("[data-rail-block]")?.dataset.railBlock;
  document.querySelector(`[data-block-id="${CSS.escape(blockId ?? "")}"]`)?.scrollIntoView({ block: "center" });
}

/**
 * Keeps the margin rail aligned with the paragraphs as the layout changes (fonts, resizing, text
 * size, and each block's contents laid out when it first comes near the screen, replacing its
 * estimated height). It measures the blocks' boxes, never their text: that would lay out every
 * paragraph of the article.
 */
function useRailPositions(root: React.RefObject<HTMLDivElement | null>, index: TextIndex | null, setTops: (tops: Record<string, number>) => void) {
  useEffect(() => {
    const container = root.current;
    if (!container || !index) return;
    let last: Record<string, number> = {};
    const measure = () => {
      const base = container.getBoundingClientRect().top;
      const tops: Record<string, number> = {};
      let moved = false;
      for (const block of index.blocks) {
        tops[block.blockId] = Math.round(block.box.getBoundingClientRect().top - base);
        moved ||= tops[block.blockId] !== last[block.blockId];
      }
      // The observer's first call and the fonts arriving often change nothing: no re-render then.
      if (!moved) return;
      last = tops;
      startTransition(() => setTops(tops));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(container);
    for (const block of index.blocks) observer.observe(block.box);
    void document.fonts?.ready.then(measure);
    return () => observer.disconnect();
  }, [index, root, setTops]);
}

/**
 * Draws every visible annotation as a highlight of its kind, plus overlaps, pending ones and the
 * active one. The highlights persist between renders and change by difference: an annotation
 * that is the same object as before keeps its range, so one new or changed annotation costs one
 * range, not a redraw of the layer. A whole layer arriving (a thousand ranges) is drawn in
 * slices of a few milliseconds, yielding to the browser between them, so the page keeps
 * answering input while it fills in.
 */
function useHighlights(
  index: TextIndex | null,
  annotations: Shown<AnnotationView>[],
  activeId: string | null,
  draft: { start: number; end: number } | null,
  focus: { start: number; end: number } | null,
) {
  const drawn = useRef<{ index: TextIndex; ranges: Map<string, { annotation: Shown<AnnotationView>; range: Range; layer: Highlight }> } | null>(null);
  // Draws the active annotation, the draft and the focus; again once the layer is drawn, as the active one may be new.
  const marks = useRef(() => {});

  useEffect(() => {
    if (!index || !supportsHighlights()) return;
    for (const [name, priority] of highlightLayers) {
      const highlight = new Highlight();
      highlight.priority = priority;
      CSS.highlights.set(name, highlight);
    }
    drawn.current = { index, ranges: new Map() };
    return () => {
      for (const [name] of highlightLayers) CSS.highlights.delete(name);
      drawn.current = null;
    };
  }, [index]);

  useEffect(() => {
    const current = drawn.current;
    if (!current || current.index !== index) return;
    const shown = new Set(annotations.map((annotation) => annotation.id));
    for (const [id, held] of current.ranges) {
      if (shown.has(id)) continue;
      held.layer.delete(held.range);
      current.ranges.delete(id);
    }
    const changed = annotations.filter((annotation) => current.ranges.get(annotation.id)?.annotation !== annotation);
    const draw = (annotation: Shown<AnnotationView>) => {
      const held = current.ranges.get(annotation.id);
      if (held) held.layer.delete(held.range);
      const range = current.index.range(annotation.start, annotation.end);
      const layer = CSS.highlights.get(annotation.pending ? "sc-pending" : `sc-kind-${annotation.kind}`);
      if (!range || !layer) {
        current.ranges.delete(annotation.id);
        return;
      }
      layer.add(range);
      current.ranges.set(annotation.id, { annotation, range, layer });
    };
    const stretches = overlaps(annotations);
    const overlapRanges: Range[] = [];
    return inSlices([
      ...changed.map((annotation) => () => draw(annotation)),
      ...stretches.map((stretch) => () => {
        const range = current.index.range(stretch.start, stretch.end);
        if (range) overlapRanges.push(range);
      }),
      () => {
        replaceRanges("sc-overlap", overlapRanges);
        marks.current();
      },
    ]);
  }, [annotations, index]);

  useEffect(() => {
    marks.current = () => {
      const current = drawn.current;
      if (!current || current.index !== index) return;
      const active = activeId ? current.ranges.get(activeId)?.range.cloneRange() : undefined;
      const draftRange = draft ? current.index.range(draft.start, draft.end) : null;
      const focusRange = focus ? current.index.range(focus.start, focus.end) : null;
      replaceRanges("sc-active", active ? [active] : []);
      replaceRanges("sc-selection-draft", draftRange ? [draftRange] : []);
      replaceRanges("sc-focus", focusRange ? [focusRange] : []);
    };
    marks.current();
  }, [activeId, draft, focus, index]);
}

/** How long one slice of drawing may hold the main thread before it yields. */
const SLICE_MS = 8;

/**
 * Runs the steps in order, a few milliseconds at a time, yielding to the browser (input,
 * rendering) between slices. A small batch (one change) runs at once. Returns a cancel
 * function for an effect's cleanup: steps not yet run are dropped.
 */
function inSlices(steps: (() => void)[]): () => void {
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    const deadline = performance.now() + SLICE_MS;
    while (next < steps.length) {
      steps[next++]!();
      if (performance.now() >= deadline && next < steps.length) {
        timer = setTimeout(run, 0);
        return;
      }
    }
  };
  run();
  return () => {
    if (timer) clearTimeout(timer);
  };
}

/** The highlight layers and their priorities: an annotation's kind under overlaps, pending, active, a draft and the facilitator's focus. */
const highlightLayers: [string, number][] = [
  ...annotationKinds.map((kind) => [`sc-kind-${kind}`, 1] as [string, number]),
  ["sc-overlap", 2],
  ["sc-pending", 3],
  ["sc-active", 4],
  ["sc-selection-draft", 5],
  ["sc-focus", 6],
];

function replaceRanges(name: string, ranges: Range[]) {
  const highlight = CSS.highlights.get(name);
  if (!highlight) return;
  highlight.clear();
  for (const range of ranges) highlight.add(range);
}

/**
 * Shares which paragraph the member reads (at most once a second): the first one in the reading
 * band (below the top tenth of the screen, above its middle), or, with none there (a title or
 * an image fills it), the first one on screen at all.
 */
function useReadingPosition(index: TextIndex | null, onReading: (blockId: string | null) => void) {
  useEffect(() => {
    if (!index || index.blocks.length === 0) return;
    const positions = new Map<Element, number>(index.blocks.map((block, position) => [block.box, position]));
    const inBand = new Set<Element>();
    const onScreen = new Set<Element>();
    // Document order, not where each was when it came into view (that changes with every scroll).
    const first = (seen: Set<Element>) => index.blocks[Math.min(...[...seen].map((element) => positions.get(element) ?? Infinity))]?.blockId ?? null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastSent: string | null = null;
    const report = () => {
      timer = null;
      const top = first(inBand) ?? first(onScreen);
      if (top !== lastSent) {
        lastSent = top;
        onReading(top);
      }
    };
    const watch = (seen: Set<Element>, rootMargin: string) =>
      new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (entry.isIntersecting) seen.add(entry.target);
            else seen.delete(entry.target);
          }
          timer ??= setTimeout(report, 1000);
        },
        { rootMargin },
      );
    const observers = [watch(inBand, "-10% 0px -50% 0px"), watch(onScreen, "0px")];
    for (const observer of observers) for (const block of index.blocks) observer.observe(block.box);
    return () => {
      for (const observer of observers) observer.disconnect();
      if (timer) clearTimeout(timer);
    };
  }, [index, onReading]);
}
