"use server";

import { z } from "zod";
import { redeemPasswordReset } from "@/db/password-resets";
import { AppError } from "@/lib/errors";
import { hashPassword, passwordWeakness, PASSWORD_MAX_LENGTH } from "@/server/accounts/password";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { closeLiveSessions } from "@/server/route-bridge";
import { findPasswordReset } from "@/db/password-resets";

const resetSchema = z.object({ newPassword: z.string().max(PASSWORD_MAX_LENGTH) });

/** Sets a new password through a reset link, once; every session of the account ends, its live connections close. */
export async function resetPasswordAction(token: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { newPassword } = parseForm(resetSchema, formData);
    const target = await findPasswordReset(token);
    const weakness = passwordWeakness(newPassword, target.username);
    if (weakness) throw new AppError("WEAK_PASSWORD", "Choose a longer, less common password.", { reason: weakness });
    const { endedSessions } = await redeemPasswordReset(token, await hashPassword(newPassword));
    await closeLiveSessions(endedSessions);
    return { ok: true };
  });
}
