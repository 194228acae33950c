"use client";

import { useEffect } from "react";
import { BLOCK_SEPARATOR } from "@/lib/article/blocks";
import { boundaryAfter, boundaryBefore } from "@/lib/text/characters";
import type { TextIndex } from "./text-index";

/** A passage the member selected, in canonical offsets, and how to find where it is on screen. */
export type SelectedPassage = {
  start: number;
  end: number;
  exact: string;
  /** Where the passage is on screen now: measured when asked, as the page may have scrolled or laid out anew since the choice. */
  measure: () => DOMRect;
  /** Chosen from the keyboard: where focus goes back when the toolbar closes. */
  returnFocusTo?: HTMLElement;
};

/** Turns a finished text selection (mouse, touch or keyboard) inside the article into a passage. */
export function usePassageSelection(root: React.RefObject<HTMLDivElement | null>, index: TextIndex | null, onSelect: (passage: SelectedPassage | null) => void) {
  useEffect(() => {
    if (!index) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const settle = () => {
      timer = null;
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!root.current?.contains(range.commonAncestorContainer)) return;
      const selected = index.offsets(range);
      if (!selected) return;
      const offsets = wholeCharacters(index, selected);
      const exact = canonicalSlice(index, offsets.start, offsets.end);
      if (!exact.trim()) return;
      const passage = range.cloneRange();
      onSelect({ ...offsets, exact, measure: () => passage.getBoundingClientRect() });
    };
    const onChange = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(settle, 350);
    };
    // A press elsewhere (a "use the selected passage" button) must act on the selection as it
    // is now, not on the one before: a selection still settling is settled first.
    const flush = (event: Event) => {
      if (!timer || root.current?.contains(event.target as Node)) return;
      if (event instanceof KeyboardEvent && event.key !== "Enter" && event.key !== " ") return;
      clearTimeout(timer);
      settle();
    };
    document.addEventListener("selectionchange", onChange);
    document.addEventListener("pointerdown", flush, true);
    document.addEventListener("keydown", flush, true);
    settle();
    return () => {
      document.removeEventListener("selectionchange", onChange);
      document.removeEventListener("pointerdown", flush, true);
      document.removeEventListener("keydown", flush, true);
      if (timer) clearTimeout(timer);
    };
  }, [index, onSelect, root]);
}

/**
 * A selection widened to whole characters as a reader sees them (grapheme clusters): a
 * selection that ends inside an emoji or between a letter and its accent takes all of it.
 */
function wholeCharacters(index: TextIndex, offsets: { start: number; end: number }): { start: number; end: number } {
  const snap = (offset: number, edge: "start" | "end") => {
    const block = index.blockAt(offset);
    if (!block || offset < block.start || offset > block.end) return offset;
    const content = block.element.textContent ?? "";
    const local = offset - block.start;
    return block.start + (edge === "start" ? boundaryBefore(content, local) : boundaryAfter(content, local));
  };
  return { start: snap(offsets.start, "start"), end: snap(offsets.end, "end") };
}

/** The canonical text between two offsets, rebuilt from the blocks (separators included). */
function canonicalSlice(index: TextIndex, start: number, end: number): string {
  let text = "";
  for (const block of index.blocks) {
    if (block.end <= start || block.start >= end) continue;
    const content = block.element.textContent ?? "";
    if (text) text += BLOCK_SEPARATOR;
    text += content.slice(Math.max(0, start - block.start), Math.min(content.length, end - block.start));
  }
  return text;
}

export function offsetAtPoint(index: TextIndex, x: number, y: number): number | null {
  const position = document.caretPositionFromPoint?.(x, y);
  if (position) return index.offsetOf(position.offsetNode, position.offset, "start");
  const range = (document as Document & { caretRangeFromPoint?: (x: number, y: number) => Range | null }).caretRangeFromPoint?.(x, y);
  return range ? index.offsetOf(range.startContainer, range.startOffset, "start") : null;
}
