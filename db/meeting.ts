import { and, asc, desc, eq, isNull, max, sql } from "drizzle-orm";
import { rangeProblem } from "../lib/anchoring/selectors";
import { MAX_PASSAGE_LENGTH } from "../lib/annotations/kinds";
import { AppError } from "../lib/errors";
import { renderComment } from "../lib/markdown/comment";
import type { AnswerView, Passage, QuestionView, RoomView, Snapshot } from "../lib/protocol";
import { facilitates, type Change, type ChangeInput, type SessionContext } from "./operation-context";
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

/** Applies a meeting operation inside the operation's transaction. */
export function applyMeetingChange(input: ChangeInput<MeetingOperation>): Change {
  const { operation } = input;
  switch (operation.type) {
    case "question.create":
    case "question.update":
      return writeQuestion({ ...input, operation });
    case "question.delete":
      return deleteQuestion({ ...input, operation });
    case "question.raise":
      return raiseQuestion({ ...input, operation });
    case "question.promote":
      return promoteQuestion({ ...input, operation });
    case "question.reorder":
      return reorderAgenda({ ...input, operation });
    case "question.reveal":
      return revealQuestion({ ...input, operation });
    case "question.current":
      return setCurrentQuestion({ ...input, operation });
    case "question.openAnswers":
      return openAnswers({ ...input, operation });
    case "answer.create":
    case "answer.update":
    case "answer.delete":
      return writeAnswer({ ...input, operation });
    default:
      return changeRoom({ ...input, operation });
  }
}

// ─── Questions ──────────────────────────────────────────────────────────────────────────

function writeQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.create" | "question.update">): Change {
  requireFacilitator(actor.role, "prepare questions");
  requireNotEnded(session);
  const passage = operation.passage ? checkedPassage(session, operation.passage) : null;
  const fields = { text: operation.text, passage, timeBoxMinutes: operation.timeBoxMinutes, answerFirst: operation.answerFirst, seq };
  let row: QuestionRow;
  if (operation.type === "question.create") {
    assertNewQuestionId(tx, operation.questionId);
    row = { id: operation.questionId, sessionId: session.id, authorId: actor.id, ...fields, answersOpen: false, place: "agenda", position: nextPosition(tx, session.id), revealedAt: null, createdAt: now, deletedAt: null };
    tx.insert(questions).values(row).run();
  } else {
    const current = loadQuestion(tx, session.id, operation.questionId);
    row = { ...current, ...fields };
    tx.update(questions).set(fields).where(eq(questions.id, current.id)).run();
  }
  return questionChange(tx, operation.type, row);
}

function deleteQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.delete">): Change {
  requireFacilitator(actor.role, "remove questions");
  requireNotEnded(session);
  const current = loadQuestion(tx, session.id, operation.questionId);
  tx.update(questions).set({ deletedAt: now, seq }).where(eq(questions.id, current.id)).run();
  if (currentQuestionId(tx, session.id) === current.id) tx.update(studySessions).set({ currentQuestionId: null, currentStartedAt: null }).where(eq(studySessions.id, session.id)).run();
  return questionChange(tx, operation.type, { ...current, deletedAt: now, seq });
}

function raiseQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.raise">): Change {
  requireNotEnded(session);
  assertNewQuestionId(tx, operation.questionId);
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
  tx.insert(questions).values(row).run();
  return questionChange(tx, operation.type, row);
}

function promoteQuestion({ tx, session, actor, seq, operation }: ChangeInput<"question.promote">): Change {
  requireFacilitator(actor.role, "move questions into the agenda");
  requireNotEnded(session);
  const current = loadQuestion(tx, session.id, operation.questionId);
  if (current.place !== "parking") throw new AppError("CONFLICT", "That question is already in the agenda.");
  const changes = { place: "agenda" as const, position: nextPosition(tx, session.id), seq };
  tx.update(questions).set(changes).where(eq(questions.id, current.id)).run();
  return questionChange(tx, operation.type, { ...current, ...changes });
}

function reorderAgenda({ tx, session, actor, seq, operation }: ChangeInput<"question.reorder">): Change {
  requireFacilitator(actor.role, "order the agenda");
  requireNotEnded(session);
  const agenda = tx
    .select()
    .from(questions)
    .where(and(eq(questions.sessionId, session.id), eq(questions.place, "agenda"), isNull(questions.deletedAt)))
    .all();
  const ids = new Set(agenda.map((question) => question.id));
  if (operation.questionIds.length !== ids.size || !operation.questionIds.every((id) => ids.has(id))) {
    throw new AppError("BAD_REQUEST", "The new order must list every agenda question exactly once.");
  }
  const reordered = operation.questionIds.map((id, index) => ({ ...agenda.find((question) => question.id === id)!, position: index + 1, seq }));
  for (const question of reordered) tx.update(questions).set({ position: question.position, seq }).where(eq(questions.id, question.id)).run();
  return { type: operation.type, payload: { questions: reordered.map((row) => questionView(row, authorName(tx, row.authorId))) }, audience: "facilitators", privateTo: null };
}

function revealQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.reveal">): Change {
  requireFacilitator(actor.role, "reveal questions");
  requireLive(session);
  const current = loadQuestion(tx, session.id, operation.questionId);
  if (current.revealedAt) throw new AppError("CONFLICT", "That question has already been revealed.");
  tx.update(questions).set({ revealedAt: now, seq }).where(eq(questions.id, current.id)).run();
  tx.update(studySessions).set({ currentQuestionId: current.id, currentStartedAt: now }).where(eq(studySessions.id, session.id)).run();
  const question = questionView({ ...current, revealedAt: now, seq }, authorName(tx, current.authorId));
  return { type: operation.type, payload: { question, room: roomView(tx, session.id, seq) }, audience: "everyone", privateTo: null };
}

function setCurrentQuestion({ tx, session, actor, now, seq, operation }: ChangeInput<"question.current">): Change {
  requireFacilitator(actor.role, "move through the agenda");
  requireLive(session);
  if (operation.questionId) {
    const question = loadQuestion(tx, session.id, operation.questionId);
    if (!question.revealedAt) throw new AppError("BAD_REQUEST", "Reveal that question first.");
  }
  tx.update(studySessions)
    .set({ currentQuestionId: operation.questionId, currentStartedAt: operation.questionId ? now : null })
    .where(eq(studySessions.id, session.id))
    .run();
  return roomChange(tx, operation.type, session.id, seq);
}

function openAnswers({ tx, session, actor, seq, operation }: ChangeInput<"question.openAnswers">): Change {
  requireFacilitator(actor.role, "open the answers");
  requireNotEnded(session);
  const current = loadQuestion(tx, session.id, operation.questionId);
  if (!current.answerFirst || current.answersOpen) throw new AppError("CONFLICT", "The answers to this question are already open to everyone.");
  tx.update(questions).set({ answersOpen: true, seq }).where(eq(questions.id, current.id)).run();
  const question = questionView({ ...current, answersOpen: true, seq }, authorName(tx, current.authorId));
  return { type: operation.type, payload: { question, answers: answersOf(tx, current.id) }, audience: "everyone", privateTo: null };
}

function questionChange(tx: Transaction, type: string, row: QuestionRow): Change {
  const hidden = row.place === "agenda" && !row.revealedAt;
  return { type, payload: { question: questionView(row, authorName(tx, row.authorId)) }, audience: hidden ? "facilitators" : "everyone", privateTo: null };
}

// ─── Answers ────────────────────────────────────────────────────────────────────────────

function writeAnswer({ tx, session, actor, now, seq, operation }: ChangeInput<AnswerOperation>): Change {
  requireNotEnded(session);
  let row: AnswerRow;
  if (operation.type === "answer.create") {
    const question = loadQuestion(tx, session.id, operation.questionId);
    if (!question.revealedAt) throw new AppError("NOT_FOUND", "That question does not exist in this session.");
    if (tx.select({ id: answers.id }).from(answers).where(eq(answers.id, operation.answerId)).get()) throw new AppError("CONFLICT", "An answer with this id already exists.");
    row = { id: operation.answerId, questionId: question.id, sessionId: session.id, authorId: actor.id, body: operation.body, bodyHtml: renderComment(operation.body), createdAt: now, editedAt: null, deletedAt: null, seq };
    tx.insert(answers).values(row).run();
  } else {
    const current = tx.select().from(answers).where(eq(answers.id, operation.answerId)).get();
    if (!current || current.sessionId !== session.id || current.deletedAt) throw new AppError("NOT_FOUND", "That answer does not exist in this session.");
    if (current.authorId !== actor.id) throw new AppError("FORBIDDEN", "You can only change your own answers.");
    const changes = operation.type === "answer.delete" ? { deletedAt: now, seq } : { body: operation.body, bodyHtml: renderComment(operation.body), editedAt: now, seq };
    tx.update(answers).set(changes).where(eq(answers.id, current.id)).run();
    row = { ...current, ...changes };
  }
  const question = loadQuestion(tx, session.id, row.questionId);
  const sealed = question.answerFirst && !question.answersOpen;
  return {
    type: operation.type,
    payload: { answer: answerView(row, actor.name) },
    audience: sealed ? "author_and_facilitators" : "everyone",
    privateTo: sealed ? actor.id : null,
  };
}

function answersOf(tx: Transaction, questionId: string): AnswerView[] {
  return tx
    .select({ answer: answers, authorName: users.displayName })
    .from(answers)
    .innerJoin(users, eq(users.id, answers.authorId))
    .where(and(eq(answers.questionId, questionId), isNull(answers.deletedAt)))
    .orderBy(asc(answers.createdAt))
    .all()
    .map((row) => answerView(row.answer, row.authorName));
}

// ─── The room: speaking queue, polls, focus ─────────────────────────────────────────────

function changeRoom({ tx, session, actor, now, seq, operation }: ChangeInput<RoomOperation>): Change {
  requireLive(session);
  switch (operation.type) {
    case "hand.raise": {
      const inserted = tx.insert(speakingQueue).values({ sessionId: session.id, userId: actor.id, raisedAt: now }).onConflictDoNothing().run();
      if (inserted.changes === 0) throw new AppError("CONFLICT", "Your hand is already raised.");
      break;
    }
    case "hand.lower":
      tx.delete(speakingQueue).where(and(eq(speakingQueue.sessionId, session.id), eq(speakingQueue.userId, actor.id))).run();
      break;
    case "hand.callNext": {
      requireFacilitator(actor.role, "call the next speaker");
      const next = tx.select().from(speakingQueue).where(eq(speakingQueue.sessionId, session.id)).orderBy(asc(speakingQueue.raisedAt), sql.raw(`"speaking_queue".rowid`)).limit(1).get();
      if (next) tx.delete(speakingQueue).where(and(eq(speakingQueue.sessionId, session.id), eq(speakingQueue.userId, next.userId))).run();
      tx.update(studySessions).set({ speakingUserId: next?.userId ?? null, speakingSince: next ? now : null }).where(eq(studySessions.id, session.id)).run();
      break;
    }
    case "poll.open":
      requireFacilitator(actor.role, "start a poll");
      tx.update(polls).set({ open: false }).where(eq(polls.sessionId, session.id)).run();
      if (tx.select({ id: polls.id }).from(polls).where(eq(polls.id, operation.pollId)).get()) throw new AppError("CONFLICT", "A poll with this id already exists.");
      tx.insert(polls).values({ id: operation.pollId, sessionId: session.id, passage: checkedPassage(session, operation.passage), open: true, createdAt: now }).run();
      break;
    case "poll.vote": {
      const poll = tx.select().from(polls).where(eq(polls.id, operation.pollId)).get();
      if (!poll || poll.sessionId !== session.id) throw new AppError("NOT_FOUND", "That poll does not exist in this session.");
      if (!poll.open) throw new AppError("CONFLICT", "That poll is closed.");
      const voted = tx.insert(pollVotes).values({ pollId: poll.id, userId: actor.id, choice: operation.choice }).onConflictDoNothing().run();
      if (voted.changes === 0) throw new AppError("CONFLICT", "You have already voted in this poll.");
      break;
    }
    case "poll.close":
      requireFacilitator(actor.role, "close a poll");
      tx.update(polls).set({ open: false }).where(and(eq(polls.id, operation.pollId), eq(polls.sessionId, session.id))).run();
      break;
    case "focus.set":
      requireFacilitator(actor.role, "focus a passage");
      tx.update(studySessions)
        .set({ focus: operation.passage ? checkedPassage(session, operation.passage) : null })
        .where(eq(studySessions.id, session.id))
        .run();
      break;
  }
  return roomChange(tx, operation.type, session.id, seq);
}

function roomChange(tx: Transaction, type: string, sessionId: string, seq: number): Change {
  return { type, payload: { room: roomView(tx, sessionId, seq) }, audience: "everyone", privateTo: null };
}

/** The shared state of the meeting room right now. */
export function roomView(tx: Transaction, sessionId: string, seq: number): RoomView {
  const session = tx
    .select({ currentQuestionId: studySessions.currentQuestionId, currentStartedAt: studySessions.currentStartedAt, focus: studySessions.focus, speakingUserId: studySessions.speakingUserId, speakingSince: studySessions.speakingSince })
    .from(studySessions)
    .where(eq(studySessions.id, sessionId))
    .get();
  const queue = tx
    .select({ userId: speakingQueue.userId, name: users.displayName, raisedAt: speakingQueue.raisedAt })
    .from(speakingQueue)
    .innerJoin(users, eq(users.id, speakingQueue.userId))
    .where(eq(speakingQueue.sessionId, sessionId))
    .orderBy(asc(speakingQueue.raisedAt), sql.raw(`"speaking_queue".rowid`))
    .all();
  const poll = tx.select().from(polls).where(eq(polls.sessionId, sessionId)).orderBy(desc(polls.createdAt)).limit(1).get();
  const votes = poll ? tx.select().from(pollVotes).where(eq(pollVotes.pollId, poll.id)).all() : [];
  return {
    currentQuestionId: session?.currentQuestionId ?? null,
    currentStartedAt: session?.currentStartedAt?.getTime() ?? null,
    focus: (session?.focus as Passage | null) ?? null,
    queue: queue.map((entry) => ({ ...entry, raisedAt: entry.raisedAt.getTime() })),
    speaking: session?.speakingUserId ? { userId: session.speakingUserId, name: authorName(tx, session.speakingUserId), since: session.speakingSince?.getTime() ?? 0 } : null,
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
export function meetingSnapshot(tx: Transaction, sessionId: string, viewer: { id: string; facilitator: boolean }, seq: number): Pick<Snapshot, "questions" | "answers" | "room"> {
  const rows = tx
    .select({ question: questions, authorName: users.displayName })
    .from(questions)
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(and(eq(questions.sessionId, sessionId), isNull(questions.deletedAt)))
    .orderBy(asc(questions.position))
    .all()
    .filter((row) => viewer.facilitator || row.question.revealedAt !== null);
  const sealed = new Set(rows.filter((row) => row.question.answerFirst && !row.question.answersOpen).map((row) => row.question.id));
  const visibleAnswers = rows
    .flatMap((row) => answersOf(tx, row.question.id))
    .filter((answer) => viewer.facilitator || !sealed.has(answer.questionId) || answer.authorId === viewer.id);
  return { questions: rows.map((row) => questionView(row.question, row.authorName)), answers: visibleAnswers, room: roomView(tx, sessionId, seq) };
}

/** The questions of earlier sessions on the same article, to copy into a new agenda. */
export function earlierQuestions(input: { tx: Transaction; groupId: string; articleId: string; excludeSessionId: string }): { sessionTitle: string; question: QuestionView }[] {
  const rows = input.tx
    .select({ question: questions, authorName: users.displayName, sessionTitle: studySessions.title })
    .from(questions)
    .innerJoin(studySessions, eq(studySessions.id, questions.sessionId))
    .innerJoin(users, eq(users.id, questions.authorId))
    .where(and(eq(studySessions.groupId, input.groupId), eq(studySessions.articleId, input.articleId), eq(questions.place, "agenda"), isNull(questions.deletedAt), sql`${studySessions.id} <> ${input.excludeSessionId}`))
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
  if (session.status !== "live") throw new AppError("INVALID_STATUS_CHANGE", "Start the session first.");
}

function checkedPassage(session: SessionContext, passage: Passage): Passage {
  const problem = rangeProblem(session.text, passage, MAX_PASSAGE_LENGTH);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  return { start: passage.start, end: passage.end, exact: passage.exact };
}

function assertNewQuestionId(tx: Transaction, questionId: string): void {
  if (tx.select({ id: questions.id }).from(questions).where(eq(questions.id, questionId)).get()) throw new AppError("CONFLICT", "A question with this id already exists.");
}

function loadQuestion(tx: Transaction, sessionId: string, questionId: string): QuestionRow {
  const row = tx.select().from(questions).where(eq(questions.id, questionId)).get();
  if (!row || row.sessionId !== sessionId || row.deletedAt) throw new AppError("NOT_FOUND", "That question does not exist in this session.");
  return row;
}

function nextPosition(tx: Transaction, sessionId: string): number {
  const highest = tx
    .select({ position: max(questions.position) })
    .from(questions)
    .where(and(eq(questions.sessionId, sessionId), eq(questions.place, "agenda")))
    .get();
  return (highest?.position ?? 0) + 1;
}

function currentQuestionId(tx: Transaction, sessionId: string): string | null {
  return tx.select({ id: studySessions.currentQuestionId }).from(studySessions).where(eq(studySessions.id, sessionId)).get()?.id ?? null;
}

function authorName(tx: Transaction, userId: string): string {
  return tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get()?.name ?? "";
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
