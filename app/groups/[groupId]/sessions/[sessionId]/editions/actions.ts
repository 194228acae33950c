"use server";

import { z } from "zod";
import { chooseEdition } from "@/db/editions";
import { roleInSession } from "@/db/guests";
import { findSession } from "@/db/study-sessions";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/roles";
import { currentUser } from "@/server/accounts/current-user";
import { runAction, type ActionResult } from "@/server/action-result";

const choiceSchema = z.strictObject({ edition: z.string().min(1).max(64).nullable(), sideBySide: z.boolean() });

/**
 * Remembers the edition a member (or a guest of this session) reads a session's article in, and
 * whether beside the original, for every session of that article.
 */
export async function chooseEditionAction(groupId: string, sessionId: string, choice: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    const session = await findSession(sessionId);
    const role = session?.groupId === groupId ? await roleInSession(session, user.id) : null;
    if (!session || !can.joinSession(role)) throw new AppError("NOT_FOUND", "That session is not in this group.");
    const parsed = choiceSchema.safeParse(choice);
    if (!parsed.success) throw new AppError("BAD_REQUEST", "That is not a choice of edition.");
    await chooseEdition(user.id, session.articleId, parsed.data);
    return { ok: true };
  });
}
