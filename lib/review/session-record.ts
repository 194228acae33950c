import { paragraphNumbers, placeBlocks, type Block } from "../article/blocks";
import { pageInBlock } from "../article/pages";
import type { AnnotationView, ReplyView } from "../protocol";
import type { SessionStatusName } from "../session-status";

/** A person as exports and the review name them. */
export type Person = { id: string; name: string };

/** A question members saw in the session (revealed from the agenda, or parked), with its answer thread. */
export type RecordQuestion = {
  id: string;
  text: string;
  status: "open" | "answered" | "parked";
  authorName: string;
  /** The passage the question is anchored to, if any. */
  passage: { start: number; end: number; exact: string } | null;
  answers: { id: string; authorName: string; body: string; createdAt: number }[];
};

/** A message of the session's discussion thread. */
export type RecordMessage = { id: string; authorName: string; body: string; createdAt: number; replyToId: string | null };

/**
 * Everything known about one past study session, as exporters take it: plain, typed data
 * with no database behind it, so Markdown, print and JSON-LD are pure functions of it.
 */
export type SessionRecord = {
  group: { id: string; name: string };
  session: { id: string; title: string; status: SessionStatusName; scheduledAt: number; startedAt: number | null; endedAt: number | null };
  article: { id: string; title: string; author: string; sourceName: string; sourceUrl: string; language: string; versionId: string; version: number };
  blocks: Block[];
  facilitator: Person | null;
  participants: Person[];
  /** Shared annotations, neither deleted nor hidden, in reading order. */
  annotations: AnnotationView[];
  /** Replies in those annotations' threads, neither deleted nor hidden, oldest first. */
  replies: ReplyView[];
  questions: RecordQuestion[];
  messages: RecordMessage[];
};

/** Where a canonical offset falls: its block and paragraph number (null for headings), and its source page in a document with pages. */
export type Place = { blockId: string; paragraph: number | null; page?: string };

/** Builds a lookup from canonical offsets to blocks and paragraph numbers. */
export function placeFinder(blocks: readonly Block[]): (offset: number) => Place | null {
  const placed = placeBlocks(blocks);
  const numbers = paragraphNumbers(blocks);
  return (offset) => {
    let low = 0;
    let high = placed.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = placed[middle]!;
      if (offset < candidate.start) high = middle - 1;
      else if (offset > candidate.end) low = middle + 1;
      else return withPage({ blockId: candidate.block.id, paragraph: numbers.get(candidate.block.id) ?? null }, pageInBlock(candidate.block, offset - candidate.start));
    }
    // A separator between two blocks belongs to the block after it.
    const next = placed[low];
    return next ? withPage({ blockId: next.block.id, paragraph: numbers.get(next.block.id) ?? null }, next.block.page) : null;
  };
}

function withPage(place: Place, page: string | undefined): Place {
  return page === undefined ? place : { ...place, page };
}

/** Replies grouped by the annotation they answer. */
export function repliesByAnnotation(replies: readonly ReplyView[]): Map<string, ReplyView[]> {
  const map = new Map<string, ReplyView[]>();
  for (const reply of replies) map.set(reply.annotationId, [...(map.get(reply.annotationId) ?? []), reply]);
  return map;
}
