import { and, asc, desc, eq, isNull, max, sql } from "drizzle-orm";
import { encodedFor, placeholders, prepared, rawPlaceholder } from "./client";
import { rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH } from "../lib/annotations/kinds";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { AnswerView, Passage, QuestionView, RoomView, Snapshot } from "../lib/protocol";
import { facilitates, passageText, type Change, type ChangeInput, type SessionContext } from "./operation-context";
import { answers, polls, pollVotes, questions, speakingQueue, studySessions, users } from "./schema";
import type { Transaction } from "./session-events";

type QuestionOperation =
  | "question.create"
  | "question.update"
  | "question.delete"
  | "question.raise"
  | "question.promote"
  | "question.reorder"
  | "question.reveal"
  | "question.current"
  | "question.openAnswers";
type AnswerOperation = "answer.create" | "answer.update" | "answer.delete";
type RoomOperation = "hand.raise" | "hand.lower" | "hand.callNext" | "poll.open" | "poll.vote" | "poll.close" | "focus.set";

/** Every operation that runs the meeting: questions, answers, the speaking queue, polls and focus. */
export type MeetingOperation = QuestionOperation | AnswerOperation | RoomOperation;

type QuestionRow = typeof questions.$inferSelect;
type AnswerRow = typeof answers.$inferSelect;

// The statements of the question and answer operations, built and compiled once (db/client.ts
// `prepared`); run inside the operation's transaction, they are part of it.
const questionById = eq(questions.id, sql.placeholder("id"));
const answerById = eq(answers.id, sql.placeholder("id"));
const questionRow = prepared("questionRow", (database) => database.select().from(questions).where(questionById));
const questionExists = prepared("questionExists", (database) => database.select({ id: questions.id }).from(questions).where(questionById));
const lastAgendaPosition = prepared("lastAgendaPosition", (database) =>
  database
    .select({ position: max(questions.position) })
    .from(questions)
    .where(and(eq(questions.sessionId, sql.placeholder("sessionId")), eq(questions.place, "agenda"))),
);
const currentQuestionQuery = prepared("currentQuestionQuery", (database) =>
  database
    .select({ id: studySessions.currentQuestionId })
    .from(studySessions)
    .where(eq(studySessions.id, sql.placeholder("sessionId"))),
);
const displayNameQuery = prepared("displayNameQuery", (database) =>
  database
    .select({ name: users.displayName })
    .from(users)
    .where(eq(users.id, sql.placeholder("userId"))),
);
const insertQuestion = prepared("insertQuestion", (database) =>
  database.insert(questions).values({
    ...placeholders(["id", "sessionId", "authorId", "text", "answerFirst", "answersOpen", "place", "position", "createdAt", "seq"]),
    passage: rawPlaceholder("passage"),
    timeBoxMinutes: rawPlaceholder("timeBoxMinutes"),
    revealedAt: rawPlaceholder("revealedAt"),
  }),
);
const answerExists = prepared("answerExists", (database) => database.select({ id: answers.id }).from(answers).where(answerById));
const answerRow = prepared("answerRow", (database) => database.select().from(answers).where(answerById));
const insertAnswer = prepared("insertAnswer", (database) =>
  database.insert(answers).values(placeholders(["id", "questionId", "sessionId", "authorId", "body", "bodyHtml", "createdAt", "seq"])),
);
const updateAnswer = {
  edit: prepared("editAnswer", (database) =>
    database
      .update(answers)
      .set(placeholders(["body", "bodyHtml", "editedAt", "seq"]))
      .where(answerById),
  ),
  delete: prepared("deleteAnswer", (database) =>
    database
      .update(answers)
      .set(placeholders(["deletedAt", "seq"]))
      .where(answerById),
  ),
};

/** A new question's row, written with the prepared insert. */
async function addQuestion(row: QuestionRow): Promise<void> {
  await insertQuestion().execute({
    ...row,
    passage: encodedFor(questions.passage, row.passage),
    timeBoxMinutes: row.timeBoxMinutes,
    revealedAt: encodedFor(questions.revealedAt, row.revealedAt),
  });
}

/** Applies a meeting operation inside the operation's transaction. */
export async function applyMeetingChange(input: ChangeInput<MeetingOperation>): Promise<Change> {
  const { operation } = input;
  switch (operation.type) {
    case "question.create":
    case "question.update":
      return await writeQuestion({ ...input, operation });
    case "question.delete":
      return await deleteQuestion({ ...input, operation });
    case "question.raise":
      return await raiseQuestion({ ...input, operation });
    case "question.promote":
      return await promoteQuestion({ ...input, operation });
    case "question.reorder":
      return await reorderAgenda({ ...input, operation });
    case "question.reveal":
      return await revealQuestion({ ...input, operation });
    case "question.current":
      return await setCurrentQuestion({ ...input, operation });
    case "question.openAnswers":
      return await openAnswers({ ...input, operation });
    case "answer.create":
    case "answer.update":
    case "answer.delete":
      return await writeAnswer({ ...input, operation });
    default:
      return await changeRoom({ ...input, operation });
  }
}

// ─── Questions ──────────────────────────────────────────────────────────────────────────

async function writeQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.create" | "question.update">): Promise<Change> {
  requireFacilitator(actor.role, "prepare questions");
  requireNotEnded(session);
  const passage = operation.passage ? await checkedPassage(session, operation.passage) : null;
  const fields = { text: operation.text, passage, timeBoxMinutes: operation.timeBoxMinutes, answerFirst: operation.answerFirst, seq };
  let row: QuestionRow;
  if (operation.type === "question.create") {
    await assertNewQuestionId(tx, operation.questionId);
    row = {
      id: operation.questionId,
      sessionId: session.id,
      authorId: actor.id,
      ...fields,
      answersOpen: false,
      place: "agenda",
      position: await nextPosition(tx, session.id),
      revealedAt: null,
      createdAt: now,
      deletedAt: null,
    };
    await addQuestion(row);
  } else {
    const current = await loadQuestion(tx, session.id, operation.questionId);
    row = { ...current, ...fields };
    await tx.update(questions).set(fields).where(eq(questions.id, current.id));
  }
  return await questionChange(tx, operation.type, row);
}

async function deleteQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.delete">): Promise<Change> {
  requireFacilitator(actor.role, "remove questions");
  requireNotEnded(session);
  const current = await loadQuestion(tx, session.id, operation.questionId);
  await tx.update(questions).set({ deletedAt: now, seq }).where(eq(questions.id, current.id));
  if ((await currentQuestionId(tx, session.id)) === current.id)
    await tx.update(studySessions).set({ currentQuestionId: null, currentStartedAt: null }).where(eq(studySessions.id, session.id));
  return await questionChange(tx, operation.type, { ...current, deletedAt: now, seq });
}

async function raiseQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.raise">): Promise<Change> {
  requireNotEnded(session);
  await assertNewQuestionId(tx, operation.questionId);
  const row: QuestionRow = {
    id: operation.questionId,
    sessionId: session.id,
    authorId: actor.id,
    text: operation.text,
    passage: null,
    timeBoxMinutes: null,
    answerFirst: false,
    answersOpen: false,
    place: "parking",
    position: now.getTime(),
    revealedAt: now,
    createdAt: now,
    deletedAt: null,
    seq,
  };
  await addQuestion(row);
  return await questionChange(tx, operation.type, row);
}

async function promoteQuestion({ tx, session, actor, seq, operation }: ChangeInput<"question.promote">): Promise<Change> {
  requireFacilitator(actor.role, "move questions into the agenda");
  requireNotEnded(session);
  const current = await loadQuestion(tx, session.id, operation.questionId);
  if (current.place !== "parking") throw new AppError("CONFLICT", "That question is already in the agenda.");
  const changes = { place: "agenda" as const, position: await nextPosition(tx, session.id), seq };
  await tx.update(questions).set(changes).where(eq(questions.id, current.id));
  return await questionChange(tx, operation.type, { ...current, ...changes });
}

async function reorderAgenda({ tx, session, actor, seq, operation }: ChangeInput<"question.reorder">): Promise<Change> {
  requireFacilitator(actor.role, "order the agenda");
  requireNotEnded(session);
  const agenda = await tx
    .select()
    .from(questions)
    .where(and(eq(questions.sessionId, session.id), eq(questions.place, "agenda"), isNull(questions.deletedAt)));
  const ids = new Set(agenda.map((question) => question.id));
  const listed = new Set(operation.questionIds);
  if (listed.size !== operation.questionIds.length || listed.size !== ids.size || !operation.questionIds.every((id) => ids.has(id))) {
    throw new AppError("BAD_REQUEST", "The new order must list every agenda question exactly once.");
  }
  const reordered = operation.questionIds.map((id, index) => ({ ...agenda.find((question) => question.id === id)!, position: index + 1, seq }));
  for (const question of reordered) await tx.update(questions).set({ position: question.position, seq }).where(eq(questions.id, question.id));
  const views = [];
  for (const row of reordered) views.push(questionView(row, await authorName(tx, row.authorId)));
  return { type: operation.type, payload: { questions: views }, audience: "facilitators", privateTo: null };
}

async function revealQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.reveal">): Promise<Change> {
  requireFacilitator(actor.role, "reveal questions");
  requireLive(session);
  const current = await loadQuestion(tx, session.id, operation.questionId);
  if (current.revealedAt) throw new AppError("CONFLICT", "That question has already been revealed.");
  await tx.update(questions).set({ revealedAt: now, seq }).where(eq(questions.id, current.id));
  await tx.update(studySessions).set({ currentQuestionId: current.id, currentStartedAt: now }).where(eq(studySessions.id, session.id));
  const question = questionView({ ...current, revealedAt: now, seq }, await authorName(tx, current.authorId));
  return { type: operation.type, payload: { question, room: await roomView(tx, session.id, seq) }, audience: "everyone", privateTo: null };
}

async function setCurrentQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.current">): Promise<Change> {
  requireFacilitator(actor.role, "move through the agenda");
  requireLive(session);
  if (operation.questionId) {
    const question = await loadQuestion(tx, session.id, operation.questionId);
    if (!question.revealedAt) throw new AppError("BAD_REQUEST", "Reveal that question first.");
  }
  await tx
    .update(studySessions)
    .set({ currentQuestionId: operation.questionId, currentStartedAt: operation.questionId ? now : null })
    .where(eq(studySessions.id, session.id));
  return await roomChange(tx, operation.type, session.id, seq);
}

async function openAnswers({ tx, session, actor, seq, operation }: ChangeInput<"question.openAnswers">): Promise<Change> {
  requireFacilitator(actor.role, "open the answers");
  requireNotEnded(session);
  const current = await loadQuestion(tx, session.id, operation.questionId);
  if (!current.answerFirst || current.answersOpen) throw new AppError("CONFLICT", "The answers to this question are already open to everyone.");
  await tx.update(questions).set({ answersOpen: true, seq }).where(eq(questions.id, current.id));
  const question = questionView({ ...current, answersOpen: true, seq }, await authorName(tx, current.authorId));
  return { type: operation.type, payload: { question, answers: await answersOf(tx, current.id) }, audience: "everyone", privateTo: null };
}

async function questionChange(tx: Transaction, type: string, row: QuestionRow): Promise<Change> {
  const hidden = row.place === "agenda" && !row.revealedAt;
  return { type, payload: { question: questionView(row, await authorName(tx, row.authorId)) }, audience: hidden ? "facilitators" : "everyone", privateTo: null };
}

// ─── Answers ────────────────────────────────────────────────────────────────────────────

async function writeAnswer({ tx, session, actor, now, seq, operation }: ChangeInput<AnswerOperation>): Promise<Change> {
  requireNotEnded(session);
  let row: AnswerRow;
  if (operation.type === "answer.create") {
    const question = await loadQuestion(tx, session.id, operation.questionId);
    if (!question.revealedAt) throw new AppError("NOT_FOUND", "That question does not exist in this session.");
    if ((await answerExists().execute({ id: operation.answerId }))[0]) throw new AppError("CONFLICT", "An answer with this id already exists.");
    row = {
      id: operation.answerId,
      questionId: question.id,
      sessionId: session.id,
      authorId: actor.id,
      body: operation.body,
      bodyHtml: renderComment(operation.body),
      createdAt: now,
      editedAt: null,
      deletedAt: null,
      seq,
    };
    await insertAnswer().execute(row);
  } else {
    const current = (await answerRow().execute({ id: operation.answerId }))[0];
    if (!current || current.sessionId !== session.id || current.deletedAt) throw new AppError("NOT_FOUND", "That answer does not exist in this session.");
    if (current.authorId !== actor.id) throw new AppError("FORBIDDEN", "You can only change your own answers.");
    const changes = operation.type === "answer.delete" ? { deletedAt: now, seq } : { body: operation.body, bodyHtml: renderComment(operation.body), editedAt: now, seq };
    await (operation.type === "answer.delete" ? updateAnswer.delete : updateAnswer.edit)().execute({ ...changes, id: current.id });
    row = { ...current, ...changes };
  }
  const question = await loadQuestion(tx, session.id, row.questionId);
  const sealed = question.answerFirst && !question.answersOpen;
  return {
    type: operation.type,
    payload: { answer: answerView(row, actor.name) },
    audience: sealed ? "author_and_facilitators" : "everyone",
    privateTo: sealed ? actor.id : null,
  };
}

async function answersOf(tx: Transaction, questionId: string): Promise<AnswerView[]> {
  return (
    await tx
      .select({ answer: answers, authorName: users.displayName })
      .from(answers)
      .innerJoin(users, eq(users.id, answers.authorId))
      .where(and(eq(answers.questionId, questionId), isNull(answers.deletedAt)))
      .orderBy(asc(answers.createdAt))
  ).map((row) => answerView(row.answer, row.authorName));
}

// ─── The room: speaking queue, polls, focus ─────────────────────────────────────────────

/**
 * When a hand counts as raised: now, or just after the last hand in the queue when that one
 * went up in the same millisecond, so the queue's order is the order hands went up.
 */
async function nextRaisedAt(tx: Transaction, sessionId: string, now: Date): Promise<Date> {
  const [last] = await tx
    .select({ at: max(speakingQueue.raisedAt) })
    .from(speakingQueue)
    .where(eq(speakingQueue.sessionId, sessionId));
  const lastAt = last?.at ? new Date(last.at).getTime() : 0;
  return lastAt >= now.getTime() ? new Date(lastAt + 1) : now;
}

async function changeRoom({ tx, session, actor, now, seq, operation }: ChangeInput<RoomOperation>): Promise<Change> {
  requireLive(session);
  switch (operation.type) {
    case "hand.raise": {
      const raisedAt = await nextRaisedAt(tx, session.id, now);
      const inserted = await tx
        .insert(speakingQueue)
        .values({ sessionId: session.id, userId: actor.id, raisedAt })
        .onConflictDoNothing()
        .returning({ userId: speakingQueue.userId });
      if (inserted.length === 0) throw new AppError("CONFLICT", "Your hand is already raised.");
      break;
    }
    case "hand.lower":
      await tx.delete(speakingQueue).where(and(eq(speakingQueue.sessionId, session.id), eq(speakingQueue.userId, actor.id)));
      break;
    case "hand.callNext": {
      requireFacilitator(actor.role, "call the next speaker");
      const next = (await tx.select().from(speakingQueue).where(eq(speakingQueue.sessionId, session.id)).orderBy(asc(speakingQueue.raisedAt)).limit(1))[0];
      if (next) await tx.delete(speakingQueue).where(and(eq(speakingQueue.sessionId, session.id), eq(speakingQueue.userId, next.userId)));
      await tx
        .update(studySessions)
        .set({ speakingUserId: next?.userId ?? null, speakingSince: next ? now : null })
        .where(eq(studySessions.id, session.id));
      break;
    }
    case "poll.open":
      requireFacilitator(actor.role, "start a poll");
      await tx.update(polls).set({ open: false }).where(eq(polls.sessionId, session.id));
      if ((await tx.select({ id: polls.id }).from(polls).where(eq(polls.id, operation.pollId)))[0]) throw new AppError("CONFLICT", "A poll with this id already exists.");
      await tx.insert(polls).values({ id: operation.pollId, sessionId: session.id, passage: await checkedPassage(session, operation.passage), open: true, createdAt: now });
      break;
    case "poll.vote": {
      const poll = (await tx.select().from(polls).where(eq(polls.id, operation.pollId)))[0];
      if (!poll || poll.sessionId !== session.id) throw new AppError("NOT_FOUND", "That poll does not exist in this session.");
      if (!poll.open) throw new AppError("CONFLICT", "That poll is closed.");
      const voted = await tx
        .insert(pollVotes)
        .values({ pollId: poll.id, userId: actor.id, choice: operation.choice })
        .onConflictDoNothing()
        .returning({ userId: pollVotes.userId });
      if (voted.length === 0) throw new AppError("CONFLICT", "You have already voted in this poll.");
      break;
    }
    case "poll.close": {
      requireFacilitator(actor.role, "close a poll");
      const closed = await tx
        .update(polls)
        .set({ open: false })
        .where(and(eq(polls.id, operation.pollId), eq(polls.sessionId, session.id), eq(polls.open, true)))
        .returning({ id: polls.id });
      if (closed.length === 0) await explainPollNotClosed(tx, session.id, operation.pollId);
      break;
    }
    case "focus.set":
      requireFacilitator(actor.role, "focus a passage");
      await tx
        .update(studySessions)
        .set({ focus: operation.passage ? await checkedPassage(session, operation.passage) : null })
        .where(eq(studySessions.id, session.id));
      break;
  }
  return await roomChange(tx, operation.type, session.id, seq);
}

async function roomChange(tx: Transaction, type: string, sessionId: string, seq: number): Promise<Change> {
  return { type, payload: { room: await roomView(tx, sessionId, seq) }, audience: "everyone", privateTo: null };
}

/** The shared state of the meeting room right now. */
export async function roomView(tx: Transaction, sessionId: string, seq: number): Promise<RoomView> {
  const session = (
    await tx
      .select({
        currentQuestionId: studySessions.currentQuestionId,
        currentStartedAt: studySessions.currentStartedAt,
        focus: studySessions.focus,
        speakingUserId: studySessions.speakingUserId,
        speakingSince: studySessions.speakingSince,
      })
      .from(studySessions)
      .where(eq(studySessions.id, sessionId))
  )[0];
  const queue = await tx
    .select({ userId: speakingQueue.userId, name: users.displayName, raisedAt: speakingQueue.raisedAt })
    .from(speakingQueue)
    .innerJoin(users, eq(users.id, speakingQueue.userId))
    .where(eq(speakingQueue.sessionId, sessionId))
    .orderBy(asc(speakingQueue.raisedAt));
  const poll = (await tx.select().from(polls).where(eq(polls.sessionId, sessionId)).orderBy(desc(polls.createdAt)).limit(1))[0];
  const votes = poll ? await tx.select().from(pollVotes).where(eq(pollVotes.pollId, poll.id)) : [];
  return {
    currentQuestionId: session?.currentQuestionId ?? null,
    currentStartedAt: session?.currentStartedAt?.getTime() ?? null,
    focus: (session?.focus as Passage | null) ?? null,
    queue: queue.map((entry) => ({ ...entry, raisedAt: entry.raisedAt.getTime() })),
    speaking: session?.speakingUserId ? { userId: session.speakingUserId, name: await authorName(tx, session.speakingUserId), since: session.speakingSince?.getTime() ?? 0 } : null,
    poll: poll
      ? {
          id: poll.id,
          passage: poll.passage as Passage,
          open: poll.open,
          tally: {
            agree: votes.filter((vote) => vote.choice === "agree").length,
            disagree: votes.filter((vote) => vote.choice === "disagree").length,
            unsure: votes.filter((vote) => vote.choice === "unsure").length,
          },
          voters: votes.map((vote) => vote.userId),
        }
      : null,
    seq,
  };
}

/** Questions, answers and the room as one member may see them now. */
export async function meetingSnapshot(
  tx: Transaction,
  sessionId: string,
  viewer: { id: string; facilitator: boolean },
  seq: number,
): Promise<Pick<Snapshot, "questions" | "answers" | "room">> {
  const rows = (
    await tx
      .select({ question: questions, authorName: users.displayName })
      .from(questions)
      .innerJoin(users, eq(users.id, questions.authorId))
      .where(and(eq(questions.sessionId, sessionId), isNull(questions.deletedAt)))
      .orderBy(asc(questions.position))
  ).filter((row) => viewer.facilitator || row.question.revealedAt !== null);
  const sealed = new Set(rows.filter((row) => row.question.answerFirst && !row.question.answersOpen).map((row) => row.question.id));
  // One after another: inside a transaction, PostgreSQL runs one query at a time on its connection.
  const answerThreads: AnswerView[] = [];
  for (const row of rows) answerThreads.push(...(await answersOf(tx, row.question.id)));
  const visibleAnswers = answerThreads.filter((answer) => viewer.facilitator || !sealed.has(answer.questionId) || answer.authorId === viewer.id);
  return { questions: rows.map((row) => questionView(row.question, row.authorName)), answers: visibleAnswers, room: await roomView(tx, sessionId, seq) };
}

/** The questions of earlier sessions on the same article, to copy into a new agenda. */
export function earlierQuestions(input: { tx: Transaction; groupId: string; articleId: string; excludeSessionId: string }): { sessionTitle: string; question: QuestionView }[] {
  const rows = input.tx
    .select({ question: questions, authorName: users.displayName, sessionTitle: studySessions.title })
    .from(questions)
    .innerJoin(studySessions, eq(studySessions.id, questions.sessionId))
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(
      and(
        eq(studySessions.groupId, input.groupId),
        eq(studySessions.articleId, input.articleId),
        eq(questions.place, "agenda"),
        isNull(questions.deletedAt),
        sql`${studySessions.id} <> ${input.excludeSessionId}`,
      ),
    )
    .orderBy(desc(studySessions.scheduledAt), asc(questions.position))
    .all();
  return rows.map((row) => ({ sessionTitle: row.sessionTitle, question: questionView(row.question, row.authorName) }));
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────

function requireFacilitator(role: ChangeInput["actor"]["role"], what: string): void {
  if (!facilitates(role)) throw new AppError("FORBIDDEN", `Only facilitators can ${what}.`);
}

function requireNotEnded(session: SessionContext): void {
  if (session.status === "ended") throw new AppError("SESSION_ENDED", "This session has ended.");
}

function requireLive(session: SessionContext): void {
  requireNotEnded(session);
  if (session.status !== "live") throw new AppError("SESSION_NOT_LIVE", "This session has not started yet: a facilitator starts it first.");
}

/** Why a poll could not be closed: it is not in this session, or it was closed already. */
async function explainPollNotClosed(tx: Transaction, sessionId: string, pollId: string): Promise<never> {
  const poll = (await tx.select({ sessionId: polls.sessionId }).from(polls).where(eq(polls.id, pollId)))[0];
  if (!poll || poll.sessionId !== sessionId) throw new AppError("NOT_FOUND", "That poll does not exist in this session.");
  throw new AppError("CONFLICT", "That poll is closed already.");
}

async function checkedPassage(session: SessionContext, passage: Passage): Promise<Passage> {
  const problem = rangeProblem(await passageText(session, passage), passage, MAX_PASSAGE_LENGTH);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  return { start: passage.start, end: passage.end, exact: passage.exact, ...(passage.edition !== undefined && { edition: passage.edition }) };
}

async function assertNewQuestionId(_tx: Transaction, questionId: string): Promise<void> {
  if ((await questionExists().execute({ id: questionId }))[0]) throw new AppError("CONFLICT", "A question with this id already exists.");
}

async function loadQuestion(_tx: Transaction, sessionId: string, questionId: string): Promise<QuestionRow> {
  const row = (await questionRow().execute({ id: questionId }))[0];
  if (!row || row.sessionId !== sessionId || row.deletedAt) throw new AppError("NOT_FOUND", "That question does not exist in this session.");
  return row;
}

async function nextPosition(_tx: Transaction, sessionId: string): Promise<number> {
  const highest = (await lastAgendaPosition().execute({ sessionId }))[0];
  return (highest?.position ?? 0) + 1;
}

async function currentQuestionId(_tx: Transaction, sessionId: string): Promise<string | null> {
  return (await currentQuestionQuery().execute({ sessionId }))[0]?.id ?? null;
}

async function authorName(_tx: Transaction, userId: string): Promise<string> {
  return (await displayNameQuery().execute({ userId }))[0]?.name ?? "";
}

function questionView(row: QuestionRow, author: string): QuestionView {
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: author,
    text: row.text,
    passage: (row.passage as Passage | null) ?? null,
    timeBoxMinutes: row.timeBoxMinutes,
    answerFirst: row.answerFirst,
    answersOpen: row.answersOpen,
    place: row.place,
    position: row.position,
    revealedAt: row.revealedAt?.getTime() ?? null,
    createdAt: row.createdAt.getTime(),
    deleted: row.deletedAt !== null,
    seq: row.seq,
  };
}

function answerView(row: AnswerRow, author: string): AnswerView {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    questionId: row.questionId,
    authorId: row.authorId,
    authorName: author,
    body: deleted ? "" : row.body,
    bodyHtml: deleted ? "" : row.bodyHtml,
    createdAt: row.createdAt.getTime(),
    editedAt: row.editedAt?.getTime() ?? null,
    deleted,
    seq: row.seq,
  };
}
