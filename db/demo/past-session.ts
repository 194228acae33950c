import { randomBytes } from "node:crypto";
import { canonicalText } from "../../lib/article/blocks";
import type { AnnotationKind } from "../../lib/annotations/kinds";
import type { Operation } from "../../lib/protocol";
import type { Role } from "../../lib/roles";
import type { Actor } from "../operation-context";
import { applyOperation } from "../session-operations";
import { findArticleVersion } from "../articles";
import { addMember } from "../groups";
import { createUser } from "../users";
import { recordAttendance } from "../review";
import { changeSessionStatus, findSession, scheduleSession } from "../study-sessions";

/** One thing that happened in a scripted past session, `minute` minutes after it started (negative: before). */
export type ScriptStep =
  | { minute: number; by: string; kind: AnnotationKind; quote: string; body?: string; key?: string; private?: boolean }
  | { minute: number; by: string; replyTo: string; body: string }
  | { minute: number; by: string; message: string; key?: string; replyToMessage?: string; quote?: string }
  | { minute: number; by: string; question: string; key: string; passage?: string }
  | { minute: number; by: string; reveal: string }
  | { minute: number; by: string; answer: string; body: string }
  | { minute: number; by: string; park: string; key?: string };

/**
 * Writes a whole past session through the same functions live sessions use (so the event
 * log, current state and search index are exactly what a real meeting leaves), with the
 * times the script gives. Used by the demo seed, tests and the benchmark.
 */
export async function recordPastSession(input: {
  groupId: string;
  articleId: string;
  title: string;
  startedAt: Date;
  minutes: number;
  facilitator: Actor;
  people: Record<string, Actor & { role: Role }>;
  attendees: string[];
  steps: ScriptStep[];
}): Promise<{ sessionId: string }> {
  const { id: sessionId } = await scheduleSession({
    groupId: input.groupId,
    articleId: input.articleId,
    title: input.title,
    scheduledAt: input.startedAt,
    createdBy: input.facilitator.id,
  });
  const session = (await findSession(sessionId))!;
  const text = canonicalText((await findArticleVersion(session.articleVersionId))!.blocks);
  const at = (minute: number) => new Date(input.startedAt.getTime() + minute * 60_000);
  const keys = new Map<string, string>();
  let counter = 0;
  const opId = () => `seed-${sessionId.slice(0, 8)}-${++counter}`;
  const steps = [...input.steps].sort((a, b) => a.minute - b.minute);
  const passageOf = (quote: string) => {
    const start = text.indexOf(quote);
    if (start < 0) throw new Error(`quote not in the article: ${quote}`);
    return { start, end: start + quote.length, exact: quote };
  };
  const newKeyed = (key: string | undefined) => {
    const id = opId().replaceAll("-", "_");
    if (key) keys.set(key, id);
    return id;
  };
  const known = (key: string) => {
    const id = keys.get(key);
    if (!id) throw new Error(`unknown key ${key}`);
    return id;
  };
  const operationFor = (step: ScriptStep): Operation => {
    if ("replyTo" in step) return { type: "reply.create", replyId: newKeyed(undefined), annotationId: known(step.replyTo), body: step.body };
    if ("message" in step) {
      return {
        type: "message.create",
        messageId: newKeyed(step.key),
        parentId: step.replyToMessage ? known(step.replyToMessage) : null,
        body: step.message,
        quote: step.quote ? passageOf(step.quote) : null,
      };
    }
    if ("question" in step) {
      return {
        type: "question.create",
        questionId: newKeyed(step.key),
        text: step.question,
        passage: step.passage ? passageOf(step.passage) : null,
        timeBoxMinutes: 10,
        answerFirst: false,
      };
    }
    if ("reveal" in step) return { type: "question.reveal", questionId: known(step.reveal) };
    if ("answer" in step) return { type: "answer.create", answerId: newKeyed(undefined), questionId: known(step.answer), body: step.body };
    if ("park" in step) return { type: "question.raise", questionId: newKeyed(step.key), text: step.park };
    return {
      type: "annotation.create",
      annotationId: newKeyed(step.key),
      kind: step.kind,
      visibility: step.private ? "private" : "shared",
      passage: passageOf(step.quote),
      body: step.body ?? "",
    };
  };
  const run = async (step: ScriptStep, status: "planned" | "live") => {
    const actor = input.people[step.by];
    if (!actor) throw new Error(`unknown person ${step.by}`);
    const context = { id: sessionId, groupId: input.groupId, status, text };
    await applyOperation({ session: context, actor, clientOpId: opId(), operation: operationFor(step), at: at(step.minute) });
  };
  for (const step of steps.filter((candidate) => candidate.minute < 0)) await run(step, "planned");
  await changeSessionStatus({ sessionId, to: "live", actorId: input.facilitator.id, clientOpId: opId(), at: at(0) });
  for (const name of input.attendees) await recordAttendance(sessionId, input.people[name]!.id, at(0));
  for (const step of steps.filter((candidate) => candidate.minute >= 0)) await run(step, "live");
  await changeSessionStatus({ sessionId, to: "ended", actorId: input.facilitator.id, clientOpId: opId(), at: at(input.minutes) });
  return { sessionId };
}

/** The demo's past meeting on the sample article: a realistic evening of highlights and threads. */
export const demoPastSteps: ScriptStep[] = [
  {
    minute: -1440,
    by: "ana",
    kind: "question",
    quote: "they voted on what he would read",
    key: "vote",
    body: "Prepared question: what would it mean for *us* to vote on what we read?",
  },
  { minute: -300, by: "ben", kind: "key_point", quote: "so they read to each other" },
  { minute: -200, by: "ana", question: "Who chose what the reading room read, and does it matter who chooses?", key: "q-choose", passage: "they voted on what he would read" },
  { minute: -199, by: "ana", question: "Is reading aloud still useful when everyone has their own screen?", key: "q-aloud" },
  { minute: -198, by: "ana", question: "Which of the three habits does our group already have?", key: "q-habits" },
  { minute: 1, by: "ana", message: "Welcome, everyone! We start with the first paragraph — highlight whatever strikes you.", key: "m-welcome" },
  { minute: 2, by: "dev", message: "Sorry, joining from the bus today 🚌", replyToMessage: "m-welcome" },
  { minute: 10, by: "ana", reveal: "q-choose" },
  { minute: 11, by: "carmen", answer: "q-choose", body: "The workers paid the *lector*, so they chose. That changes everything." },
  { minute: 13, by: "ben", answer: "q-choose", body: "It matters: whoever chooses sets the agenda for the whole discussion." },
  { minute: 19, by: "dev", message: "Quick question: is the Tampa quote real or apocryphal?", key: "m-tampa", quote: "The paper was read by one and understood by all" },
  { minute: 20, by: "carmen", message: "It appears in several oral histories of Ybor City, so at least widely told.", replyToMessage: "m-tampa" },
  { minute: 40, by: "ana", reveal: "q-aloud" },
  { minute: 42, by: "ben", answer: "q-aloud", body: "Yes — one pace for the room, and people hear the tone." },
  { minute: 47, by: "carmen", park: "Should we invite the union's librarian to a session?", key: "q-librarian" },
  { minute: 60, by: "dev", message: "La organización de la lectura colectiva me parece lo más interesante del texto.", key: "m-org" },
  { minute: 73, by: "ana", message: "Thanks all — minutes will be in the archive. Next week: part two." },
  {
    minute: 3,
    by: "ana",
    kind: "key_point",
    quote: "a small room beside the canteen held a few shelves of donated books",
    key: "room",
    body: "Our library at work started exactly like this.",
  },
  { minute: 5, by: "ben", replyTo: "room", body: "Who donated the books, though? The owners or the workers?" },
  { minute: 8, by: "carmen", replyTo: "room", body: "In Asturias the miners' *ateneos* bought their own — the union paid." },
  {
    minute: 12,
    by: "dev",
    kind: "disagree",
    quote: "Reading aloud was not a sign that people could not read",
    key: "aloud",
    body: "Partly it *was* — literacy rates in 1890 were low in many of these trades.",
  },
  { minute: 15, by: "ana", replyTo: "aloud", body: "Fair. Both can be true: sharing a copy *and* including people who could not read." },
  { minute: 17, by: "ben", kind: "key_point", quote: "a way of stopping to argue", key: "argue" },
  {
    minute: 21,
    by: "carmen",
    kind: "definition",
    quote: "paid the lector out of their own wages",
    key: "lector",
    body: "El *lector*: la persona pagada por los propios trabajadores para leer en voz alta. La organización era colectiva.",
  },
  { minute: 24, by: "dev", replyTo: "lector", body: "So the reader was an employee of the workers, not of the factory. That matters." },
  {
    minute: 28,
    by: "ana",
    kind: "question",
    quote: 'what the writer really meant by "a fair day\'s wage"',
    key: "wage",
    body: "What would *we* stop and argue about in this text?",
  },
  { minute: 31, by: "ben", replyTo: "wage", body: '"Disagreement is part of reading" — I\'d argue about whether that is always true.' },
  { minute: 33, by: "carmen", replyTo: "wage", body: "The question of who chooses the text. Editors vs. the group." },
  { minute: 36, by: "dev", kind: "example", quote: "Margins filled with pencil notes; a later reader answered an earlier one.", key: "margins", body: "Like this app, really." },
  { minute: 38, by: "ana", replyTo: "margins", body: "Ha — yes. The notes in the margin are the minutes." },
  { minute: 41, by: "ben", kind: "question", quote: "Is reading aloud still useful when everyone has their own screen?", key: "screens" },
  { minute: 44, by: "carmen", replyTo: "screens", body: "Yes: it sets one pace for the whole room." },
  { minute: 46, by: "dev", replyTo: "screens", body: "Only for short passages. Otherwise it's slow." },
  { minute: 49, by: "ana", kind: "key_point", quote: "a text read together becomes a conversation that outlasts the meeting", key: "outlasts" },
  { minute: 52, by: "ben", replyTo: "vote", body: "We could vote on next month's article at the end of each session." },
  {
    minute: 55,
    by: "carmen",
    kind: "disagree",
    quote: "Questions are written down before the meeting, but the room decides which ones matter.",
    key: "decides",
    body: "The facilitator often decides in practice. Should we change that?",
  },
  { minute: 58, by: "ana", replyTo: "decides", body: "Let's try: everyone proposes one question next time." },
  { minute: 61, by: "dev", kind: "key_point", quote: "Everyone has the same text in front of them" },
  { minute: 64, by: "ben", kind: "example", quote: "a cigar roller in Tampa", body: "Ybor City, 1880s–1930s." },
  { minute: 67, by: "carmen", kind: "key_point", quote: "Disagreement is part of reading, not a failure of it." },
  { minute: 70, by: "ana", kind: "question", quote: "Which of the three habits does our group already have?", key: "habits", body: "Homework for next week." },
  { minute: 72, by: "ben", kind: "key_point", quote: "members compared the old and new versions", body: "Nota privada: comparar con la versión del sindicato.", private: true },
];

/**
 * The demo group's last meeting, a week before the planned one: so a newcomer finds an
 * archive, a review with threads and questions, a replay and minutes straight away. Two
 * more members take part (their accounts get random passwords: they are not demo logins).
 */
export async function seedDemoPastSession(input: {
  groupId: string;
  articleId: string;
  ana: { id: string; displayName: string };
  ben: { id: string; displayName: string };
  hashPassword: (password: string) => Promise<string>;
  now?: Date;
}): Promise<{ sessionId: string }> {
  const extra = await Promise.all(
    [
      { username: "carmen", displayName: "Carmen Ruiz" },
      { username: "dev", displayName: "Dev Patel" },
    ].map(async (person) => await createUser({ ...person, passwordHash: await input.hashPassword(randomBytes(18).toString("base64url")) })),
  );
  for (const user of extra) await addMember(input.groupId, user.id, "member");
  const [carmen, dev] = extra;
  const people = {
    ana: { id: input.ana.id, name: input.ana.displayName, role: "owner" as const },
    ben: { id: input.ben.id, name: input.ben.displayName, role: "member" as const },
    carmen: { id: carmen!.id, name: carmen!.displayName, role: "member" as const },
    dev: { id: dev!.id, name: dev!.displayName, role: "member" as const },
  };
  const startedAt = new Date(input.now ?? new Date());
  startedAt.setDate(startedAt.getDate() - 7);
  startedAt.setHours(19, 0, 0, 0);
  return await recordPastSession({
    groupId: input.groupId,
    articleId: input.articleId,
    title: "Reading rooms, part one",
    startedAt,
    minutes: 75,
    facilitator: people.ana,
    people,
    attendees: ["ana", "ben", "carmen", "dev"],
    steps: demoPastSteps,
  });
}
