"use server";

import { z } from "zod";
import { chooseEdition } from "@/db/editions";
import { findSession } from "@/db/study-sessions";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { runAction, type ActionResult } from "@/server/action-result";

const choiceSchema = z.strictObject({ edition: z.string().min(1).max(64).nullable(), sideBySide: z.boolean() });

/** Remembers the edition a member reads a session's article in (and whether beside the original), for every session of that article. */
export async function chooseEditionAction(groupId: string, sessionId: string, choice: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const { userId } = await authorise(groupId, can.joinSession);
    const session = await findSession(sessionId);
    if (!session || session.groupId !== groupId) throw new AppError("NOT_FOUND", "That session is not in this group.");
    const parsed = choiceSchema.safeParse(choice);
    if (!parsed.success) throw new AppError("BAD_REQUEST", "That is not a choice of edition.");
    await chooseEdition(userId, session.articleId, parsed.data);
    return { ok: true };
  });
}
