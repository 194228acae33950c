import { paragraphNumbers, placeBlocks, type Block } from "../article/blocks";
import { pageInBlock } from "../article/pages";
import { itemLanguage, languageTag, placeInOriginal, type ReadingEdition } from "../editions/editions";
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
  passage: { start: number; end: number; exact: string; edition?: string | undefined } | null;
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
  /**
   * Every text the session reads when its article has editions in other languages: the
   * original (id null) first, then each edition with its alignment to the original; empty for
   * an article in one language. Items made on an edition name it (`edition`), and their
   * offsets count in its text.
   */
  editions: RecordEdition[];
  facilitator: Person | null;
  participants: Person[];
  /** Shared annotations, neither deleted nor hidden, in reading order. */
  annotations: AnnotationView[];
  /** Replies in those annotations' threads, neither deleted nor hidden, oldest first. */
  replies: ReplyView[];
  questions: RecordQuestion[];
  messages: RecordMessage[];
};

/** One text of a session's article: the original or an edition, with its title. */
export type RecordEdition = ReadingEdition & { title: string };

/** An item anchored to a passage of one of the session's texts (an annotation, a question's or poll's passage, a quoted message). */
type Anchored = { start: number; end: number; edition?: string | null | undefined };

/**
 * What exporters need to know of an item's edition: where it lies in the original (whose
 * paragraph numbers and reading order the record follows; null when nothing there is aligned
 * with it) and, in a session with several editions, the short tag of the language it was
 * made in ("ES"; null in a session with one).
 */
export function editionPlacer(record: Pick<SessionRecord, "editions" | "article">): {
  inOriginal: (item: Anchored) => { start: number; end: number } | null;
  tag: (item: Anchored) => string | null;
  language: (item: Anchored) => string;
} {
  const several = record.editions.length > 1;
  return {
    inOriginal: (item) => placeInOriginal(item, record.editions),
    tag: (item) => (several ? languageTag(itemLanguage(item, record.editions, record.article.language)) : null),
    language: (item) => itemLanguage(item, record.editions, record.article.language),
  };
}

/** Items in the original's reading order, wherever they were made (items that lie nowhere in the original last); ties keep their order. */
export function inReadingOrder<T extends Anchored>(items: readonly T[], editions: readonly ReadingEdition[]): T[] {
  const at = (item: T) => placeInOriginal(item, editions) ?? { start: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };
  return items
    .map((item) => ({ item, place: at(item) }))
    .sort((a, b) => a.place.start - b.place.start || a.place.end - b.place.end)
    .map((entry) => entry.item);
}

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
