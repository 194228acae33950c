"use server";

import { randomUUID } from "node:crypto";
import { roleInGroup } from "@/db/groups";
import { carryOverQuestions } from "@/db/carry-over";
import { sessionInGroup } from "@/db/review";
import { presentEvent } from "@/lib/annotations/present";
import { applyOperation } from "@/db/session-operations";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { operationSchema, type SessionEventView } from "@/lib/protocol";
import { currentUser } from "@/server/accounts/current-user";
import { log } from "@/server/log";
import { editionText, versionText } from "@/server/realtime/session-text";

/** The operations the review page sends: a member's own private notes and their threads. */
const noteOperations = new Set(["annotation.create", "annotation.update", "annotation.delete", "reply.create", "reply.update", "reply.delete"]);

/** What a note operation answers: the logged event, or why it was refused. */
export type NoteResult = { ok: true; event: SessionEventView } | { ok: false; error: ErrorBody };

async function member(groupId: string) {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const role = await roleInGroup(groupId, user.id);
  if (!role) throw new AppError("NOT_FOUND", "This group does not exist or you are not a member.");
  return { user, role };
}

/**
 * Adds, changes or removes one of the member's private notes on a past session (or a reply in
 * its thread). The same write path as the live session checks it: an ended session takes
 * personal notes only, and only their author may change them.
 */
export async function noteAction(groupId: string, sessionId: string, input: unknown): Promise<NoteResult> {
  try {
    const { user, role } = await member(groupId);
    const parsed = operationSchema.safeParse(input);
    if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Not a valid note.");
    const operation = parsed.data;
    if (!noteOperations.has(operation.type) || (operation.type === "annotation.create" && operation.visibility !== "private")) {
      throw new AppError("SESSION_ENDED", "This session has ended; only personal notes can still be added.");
    }
    const session = await sessionInGroup(groupId, sessionId);
    // A note taken while reading an edition counts its offsets in that edition's text.
    const { event } = await applyOperation({
      session: {
        id: session.id,
        groupId,
        status: session.status,
        text: await versionText(session.articleVersionId),
        editionText: (editionId) => editionText(session.articleId, editionId),
      },
      actor: { id: user.id, name: user.displayName, role },
      clientOpId: randomUUID().replaceAll("-", ""),
      operation,
    });
    return { ok: true, event: presentEvent(event) };
  } catch (error) {
    if (!(error instanceof AppError)) log.error({ event: "review.note_failed", err: error }, "private note failed");
    return { ok: false, error: toErrorBody(error) };
  }
}

/** Carries a past session's open and parked questions into an upcoming session's agenda (facilitators). */
export async function carryOverAction(groupId: string, fromSessionId: string, toSessionId: string): Promise<{ ok: true; carried: number } | { ok: false; error: ErrorBody }> {
  try {
    const { user, role } = await member(groupId);
    const { carried } = await carryOverQuestions({ groupId, fromSessionId, toSessionId, actor: { id: user.id, name: user.displayName, role } });
    return { ok: true, carried };
  } catch (error) {
    if (!(error instanceof AppError)) log.error({ event: "review.carry_over_failed", err: error }, "carry-over failed");
    return { ok: false, error: toErrorBody(error) };
  }
}
