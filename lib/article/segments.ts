import type { InlineMark } from "./blocks";

/** A run of a block's text that carries the same inline marks throughout. */
export type Segment = { start: number; end: number; text: string; marks: InlineMark[] };

/** Cuts a block's text at every mark boundary (and at any extra offsets, such as where a page begins), so marks can nest and overlap when rendered. */
export function segmentText(text: string, marks: readonly InlineMark[] = [], extraCuts: readonly number[] = []): Segment[] {
  const cuts = new Set([0, text.length, ...extraCuts.filter((cut) => cut > 0 && cut < text.length)]);
  for (const mark of marks) {
    cuts.add(Math.max(0, Math.min(text.length, mark.start)));
    cuts.add(Math.max(0, Math.min(text.length, mark.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let index = 0; index < points.length - 1; index++) {
    const start = points[index]!;
    const end = points[index + 1]!;
    if (end <= start) continue;
    segments.push({ start, end, text: text.slice(start, end), marks: marks.filter((mark) => mark.start <= start && mark.end >= end) });
  }
  return segments;
}
