import type { SessionEventView } from "../protocol";

type Item = { id: string; seq: number };
type ItemKey = "annotation" | "reply" | "message" | "question" | "answer";
type ListKey = "questions" | "answers";

const itemKeys: ItemKey[] = ["annotation", "reply", "message", "question", "answer"];
const lists: Record<ListKey, ItemKey> = { questions: "question", answers: "answer" };

/**
 * The events of a log run with every item in them (annotation, reply, message, question,
 * answer) replaced by the newest state of that item the run holds. An event carries the item
 * as it was then; sent again later (catch-up, an answer to a resend), its old words would
 * undo a hide, a deletion or an edit made since. Given the run up to the end of the log, no
 * retracted word leaves the server, and applying the result gives the same state as before.
 */
export function withCurrentItems(events: readonly SessionEventView[]): SessionEventView[] {
  const newest = new Map<string, Item>();
  const remember = (key: ItemKey, item: Item | undefined) => {
    if (!item) return;
    const held = newest.get(`${key}:${item.id}`);
    if (!held || item.seq > held.seq) newest.set(`${key}:${item.id}`, item);
  };
  for (const event of events) {
    for (const key of itemKeys) remember(key, event[key]);
    for (const [list, key] of Object.entries(lists) as [ListKey, ItemKey][]) for (const item of event[list] ?? []) remember(key, item);
  }
  const current = <T extends Item>(key: ItemKey, item: T): T => (newest.get(`${key}:${item.id}`) as T | undefined) ?? item;
  return events.map((event) => {
    const next: SessionEventView = { ...event };
    if (event.annotation) next.annotation = current("annotation", event.annotation);
    if (event.reply) next.reply = current("reply", event.reply);
    if (event.message) next.message = current("message", event.message);
    if (event.question) next.question = current("question", event.question);
    if (event.answer) next.answer = current("answer", event.answer);
    if (event.questions) next.questions = event.questions.map((question) => current("question", question));
    if (event.answers) next.answers = event.answers.map((answer) => current("answer", answer));
    return next;
  });
}
