import type { VisibleLayer } from "../annotations/layer-state";
import type { SessionEventView } from "../protocol";
import { placeFinder, type Place } from "./session-record";
import type { Block } from "../article/blocks";
import { eventFamily } from "./replay";

/** The kinds of activity the review's chart tells apart. */
export const activityKinds = ["annotations", "thread", "questions"] as const;

/** One kind of activity. */
export type ActivityKind = (typeof activityKinds)[number];

const familyKind: Record<string, ActivityKind> = { annotation: "annotations", reply: "annotations", message: "thread", question: "questions", answer: "questions" };

/** Which kind of activity an event is, or null for the rest (status, room, polls). Only creations count. */
export function activityOf(event: SessionEventView): ActivityKind | null {
  if (!event.type.endsWith(".create") && event.type !== "question.raise") return null;
  return familyKind[eventFamily(event.type)] ?? null;
}

/** Counts per time slice: how busy each stretch of the meeting was, by kind. */
export type ActivityHistogram = { buckets: Record<ActivityKind, number>[]; max: number; start: number; end: number };

/** Splits the meeting into `count` equal slices and counts what was created in each (earlier events go in the first). */
export function activityHistogram(events: readonly SessionEventView[], start: number, end: number, count = 36): ActivityHistogram {
  const buckets = Array.from({ length: count }, () => ({ annotations: 0, thread: 0, questions: 0 }));
  const span = Math.max(1, end - start);
  for (const event of events) {
    const kind = activityOf(event);
    if (!kind || event.at > end) continue;
    const index = Math.min(count - 1, Math.max(0, Math.floor(((event.at - start) / span) * count)));
    buckets[index]![kind] += 1;
  }
  const max = Math.max(1, ...buckets.map((bucket) => bucket.annotations + bucket.thread + bucket.questions));
  return { buckets, max, start, end };
}

/** How much was said about one paragraph. */
export type Heat = { annotations: number; replies: number; messages: number; questions: number; total: number };

/**
 * Where the discussion concentrated: per block, the annotations on it, the replies in their
 * threads, the thread messages that quote it and the questions (with their answers) anchored to it.
 */
export function heatByBlock(blocks: readonly Block[], layer: Pick<VisibleLayer, "annotations" | "replies" | "messages" | "questions" | "answers">): Map<string, Heat> {
  const find = placeFinder(blocks);
  const heat = new Map<string, Heat>();
  const add = (place: Place | null, key: keyof Omit<Heat, "total">, amount = 1) => {
    if (!place || amount === 0) return;
    const current = heat.get(place.blockId) ?? { annotations: 0, replies: 0, messages: 0, questions: 0, total: 0 };
    current[key] += amount;
    current.total += amount;
    heat.set(place.blockId, current);
  };
  const repliesPer = new Map<string, number>();
  for (const reply of layer.replies) repliesPer.set(reply.annotationId, (repliesPer.get(reply.annotationId) ?? 0) + 1);
  const answersPer = new Map<string, number>();
  for (const answer of layer.answers) answersPer.set(answer.questionId, (answersPer.get(answer.questionId) ?? 0) + 1);
  for (const annotation of layer.annotations) {
    const place = find(annotation.start);
    add(place, "annotations");
    add(place, "replies", repliesPer.get(annotation.id) ?? 0);
  }
  for (const message of layer.messages) if (message.quote) add(find(message.quote.start), "messages");
  for (const question of layer.questions) {
    if (!question.passage) continue;
    const place = find(question.passage.start);
    add(place, "questions", 1 + (answersPer.get(question.id) ?? 0));
  }
  return heat;
}
