import { and, asc, eq, isNull } from "drizzle-orm";
import { anchorTarget } from "../lib/anchoring/anchor";
import { canonicalText } from "../lib/article/blocks";
import { AppError } from "../lib/errors";
import { findArticleVersion } from "./articles";
import { db } from "./client";
import { facilitates, type Actor } from "./operation-context";
import { sessionInGroup } from "./review";
import { answers, questions, studySessions } from "./schema";
import { applyOperation } from "./session-operations";

/** A question a session ended without settling: never reached, never answered, or parked. */
export type OpenQuestion = {
  id: string;
  text: string;
  place: "agenda" | "parking";
  reason: "not_reached" | "unanswered" | "parked";
  passage: { start: number; end: number; exact: string } | null;
};

/** The questions a session left open or parked, in agenda order, then the parking lot. */
export async function openQuestions(sessionId: string): Promise<OpenQuestion[]> {
  const rows = await db()
    .select()
    .from(questions)
    .where(and(eq(questions.sessionId, sessionId), isNull(questions.deletedAt)))
    .orderBy(asc(questions.place), asc(questions.position));
  const answered = new Set(
    (
      await db()
        .select({ questionId: answers.questionId })
        .from(answers)
        .where(and(eq(answers.sessionId, sessionId), isNull(answers.deletedAt)))
    ).map((row) => row.questionId),
  );
  return rows.flatMap((row): OpenQuestion[] => {
    const reason = row.place === "parking" ? "parked" : !row.revealedAt ? "not_reached" : answered.has(row.id) ? null : "unanswered";
    if (!reason) return [];
    return [{ id: row.id, text: row.text, place: row.place, reason, passage: (row.passage as OpenQuestion["passage"]) ?? null }];
  });
}

/** Sessions of the group a question can still be prepared for (planned or live), soonest first. */
export async function upcomingSessions(groupId: string): Promise<{ id: string; title: string; scheduledAt: Date }[]> {
  return (
    await db()
      .select({ id: studySessions.id, title: studySessions.title, scheduledAt: studySessions.scheduledAt, status: studySessions.status })
      .from(studySessions)
      .where(eq(studySessions.groupId, groupId))
      .orderBy(asc(studySessions.scheduledAt))
  )
    .filter((session) => session.status !== "ended")
    .map(({ id, title, scheduledAt }) => ({ id, title, scheduledAt }));
}

/**
 * Carries a past session's open and parked questions into another session's agenda in one
 * action, as prepared (hidden) questions, through the event log like any facilitator edit.
 * A passage is kept when it can be found again in the new session's text. Doing it twice
 * adds nothing the second time.
 */
export async function carryOverQuestions(input: { groupId: string; fromSessionId: string; toSessionId: string; actor: Actor }): Promise<{ carried: number }> {
  if (!facilitates(input.actor.role)) throw new AppError("FORBIDDEN", "Only facilitators can prepare questions.");
  await sessionInGroup(input.groupId, input.fromSessionId);
  const target = await sessionInGroup(input.groupId, input.toSessionId);
  if (target.status === "ended") throw new AppError("SESSION_ENDED", "That session has ended; choose an upcoming one.");
  const text = canonicalText((await findArticleVersion(target.articleVersionId))?.blocks ?? []);
  let carried = 0;
  for (const question of await openQuestions(input.fromSessionId)) {
    const key = `${question.id.slice(0, 24)}_${input.toSessionId.slice(0, 8)}`;
    const { duplicate } = await applyOperation({
      session: { id: target.id, groupId: input.groupId, status: target.status, text },
      actor: input.actor,
      clientOpId: `carry_${key}`,
      operation: {
        type: "question.create",
        questionId: `carried_${key}`,
        text: question.text,
        passage: placeAgain(question.passage, text),
        timeBoxMinutes: null,
        answerFirst: false,
      },
    });
    if (!duplicate) carried += 1;
  }
  return { carried };
}

/** The passage in the new text: at the same place if the text is the same there, else found again, else dropped. */
function placeAgain(passage: OpenQuestion["passage"], text: string): OpenQuestion["passage"] {
  if (!passage) return null;
  if (text.slice(passage.start, passage.end) === passage.exact) return passage;
  const anchor = anchorTarget(text, { ...passage, prefix: "", suffix: "" });
  return anchor ? { start: anchor.start, end: anchor.end, exact: text.slice(anchor.start, anchor.end) } : null;
}
