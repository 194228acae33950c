import { canonicalText } from "../../lib/article/blocks";
import type { AnnotationKind } from "../../lib/annotations/kinds";
import type { Role } from "../../lib/roles";
import { applyOperation, type Actor } from "../annotations";
import { findArticleVersion } from "../articles";
import { recordAttendance } from "../review";
import { changeSessionStatus, findSession, scheduleSession } from "../study-sessions";

/** One thing that happened in a scripted past session, `minute` minutes after it started (negative: before). */
export type ScriptStep =
  | { minute: number; by: string; kind: AnnotationKind; quote: string; body?: string; key?: string; private?: boolean }
  | { minute: number; by: string; replyTo: string; body: string };

/**
 * Writes a whole past session through the same functions live sessions use (so the event
 * log, current state and search index are exactly what a real meeting leaves), with the
 * times the script gives. Used by the demo seed, tests and the benchmark.
 */
export function recordPastSession(input: {
  groupId: string;
  articleId: string;
  title: string;
  startedAt: Date;
  minutes: number;
  facilitator: Actor;
  people: Record<string, Actor & { role: Role }>;
  attendees: string[];
  steps: ScriptStep[];
}): { sessionId: string } {
  const { id: sessionId } = scheduleSession({ groupId: input.groupId, articleId: input.articleId, title: input.title, scheduledAt: input.startedAt, createdBy: input.facilitator.id });
  const session = findSession(sessionId)!;
  const text = canonicalText(findArticleVersion(session.articleVersionId)!.blocks);
  const at = (minute: number) => new Date(input.startedAt.getTime() + minute * 60_000);
  const keys = new Map<string, string>();
  let counter = 0;
  const opId = () => `seed-${sessionId.slice(0, 8)}-${++counter}`;
  const steps = [...input.steps].sort((a, b) => a.minute - b.minute);
  const run = (step: ScriptStep, status: "planned" | "live") => {
    const actor = input.people[step.by];
    if (!actor) throw new Error(`unknown person ${step.by}`);
    const context = { id: sessionId, status, text };
    if ("replyTo" in step) {
      const annotationId = keys.get(step.replyTo);
      if (!annotationId) throw new Error(`unknown annotation ${step.replyTo}`);
      applyOperation({ session: context, actor, clientOpId: opId(), operation: { type: "reply.create", replyId: opId().replaceAll("-", "_"), annotationId, body: step.body }, at: at(step.minute) });
      return;
    }
    const start = text.indexOf(step.quote);
    if (start < 0) throw new Error(`quote not in the article: ${step.quote}`);
    const annotationId = opId().replaceAll("-", "_");
    if (step.key) keys.set(step.key, annotationId);
    applyOperation({
      session: context,
      actor,
      clientOpId: opId(),
      operation: { type: "annotation.create", annotationId, kind: step.kind, visibility: step.private ? "private" : "shared", passage: { start, end: start + step.quote.length, exact: step.quote }, body: step.body ?? "" },
      at: at(step.minute),
    });
  };
  for (const step of steps.filter((candidate) => candidate.minute < 0)) run(step, "planned");
  changeSessionStatus({ sessionId, to: "live", actorId: input.facilitator.id, clientOpId: opId(), at: at(0) });
  for (const name of input.attendees) recordAttendance(sessionId, input.people[name]!.id, at(0));
  for (const step of steps.filter((candidate) => candidate.minute >= 0)) run(step, "live");
  changeSessionStatus({ sessionId, to: "ended", actorId: input.facilitator.id, clientOpId: opId(), at: at(input.minutes) });
  return { sessionId };
}

/** The demo's past meeting on the sample article: a realistic evening of highlights and threads. */
export const demoPastSteps: ScriptStep[] = [
  { minute: -1440, by: "ana", kind: "question", quote: "they voted on what he would read", key: "vote", body: "Prepared question: what would it mean for *us* to vote on what we read?" },
  { minute: -300, by: "ben", kind: "key_point", quote: "so they read to each other" },
  { minute: 3, by: "ana", kind: "key_point", quote: "a small room beside the canteen held a few shelves of donated books", key: "room", body: "Our library at work started exactly like this." },
  { minute: 5, by: "ben", replyTo: "room", body: "Who donated the books, though? The owners or the workers?" },
  { minute: 8, by: "carmen", replyTo: "room", body: "In Asturias the miners' *ateneos* bought their own — the union paid." },
  { minute: 12, by: "dev", kind: "disagree", quote: "Reading aloud was not a sign that people could not read", key: "aloud", body: "Partly it *was* — literacy rates in 1890 were low in many of these trades." },
  { minute: 15, by: "ana", replyTo: "aloud", body: "Fair. Both can be true: sharing a copy *and* including people who could not read." },
  { minute: 17, by: "ben", kind: "key_point", quote: "a way of stopping to argue", key: "argue" },
  { minute: 21, by: "carmen", kind: "definition", quote: "paid the lector out of their own wages", key: "lector", body: "El *lector*: la persona pagada por los propios trabajadores para leer en voz alta. La organización era colectiva." },
  { minute: 24, by: "dev", replyTo: "lector", body: "So the reader was an employee of the workers, not of the factory. That matters." },
  { minute: 28, by: "ana", kind: "question", quote: "what the writer really meant by \"a fair day's wage\"", key: "wage", body: "What would *we* stop and argue about in this text?" },
  { minute: 31, by: "ben", replyTo: "wage", body: "\"Disagreement is part of reading\" — I'd argue about whether that is always true." },
  { minute: 33, by: "carmen", replyTo: "wage", body: "The question of who chooses the text. Editors vs. the group." },
  { minute: 36, by: "dev", kind: "example", quote: "Margins filled with pencil notes; a later reader answered an earlier one.", key: "margins", body: "Like this app, really." },
  { minute: 38, by: "ana", replyTo: "margins", body: "Ha — yes. The notes in the margin are the minutes." },
  { minute: 41, by: "ben", kind: "question", quote: "Is reading aloud still useful when everyone has their own screen?", key: "screens" },
  { minute: 44, by: "carmen", replyTo: "screens", body: "Yes: it sets one pace for the whole room." },
  { minute: 46, by: "dev", replyTo: "screens", body: "Only for short passages. Otherwise it's slow." },
  { minute: 49, by: "ana", kind: "key_point", quote: "a text read together becomes a conversation that outlasts the meeting", key: "outlasts" },
  { minute: 52, by: "ben", replyTo: "vote", body: "We could vote on next month's article at the end of each session." },
  { minute: 55, by: "carmen", kind: "disagree", quote: "Questions are written down before the meeting, but the room decides which ones matter.", key: "decides", body: "The facilitator often decides in practice. Should we change that?" },
  { minute: 58, by: "ana", replyTo: "decides", body: "Let's try: everyone proposes one question next time." },
  { minute: 61, by: "dev", kind: "key_point", quote: "Everyone has the same text in front of them" },
  { minute: 64, by: "ben", kind: "example", quote: "a cigar roller in Tampa", body: "Ybor City, 1880s–1930s." },
  { minute: 67, by: "carmen", kind: "key_point", quote: "Disagreement is part of reading, not a failure of it." },
  { minute: 70, by: "ana", kind: "question", quote: "Which of the three habits does our group already have?", key: "habits", body: "Homework for next week." },
  { minute: 72, by: "ben", kind: "key_point", quote: "members compared the old and new versions", body: "Nota privada: comparar con la versión del sindicato.", private: true },
];
