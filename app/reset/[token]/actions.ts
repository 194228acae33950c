"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { findPasswordReset, redeemPasswordReset } from "@/db/password-resets";
import { AppError } from "@/lib/errors";
import { hashPassword, passwordWeakness, PASSWORD_MAX_LENGTH } from "@/server/accounts/password";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { closeLiveSessions } from "@/server/route-bridge";

const resetSchema = z.object({ password: z.string().max(PASSWORD_MAX_LENGTH) });

/** Sets a new password through a single-use reset link, then sends the person to sign in with it. */
export async function resetPasswordAction(token: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { password } = parseForm(resetSchema, formData);
    const target = await findPasswordReset(token);
    const weakness = passwordWeakness(password, target.username);
    if (weakness) throw new AppError("WEAK_PASSWORD", "Choose a longer, less common password.", { reason: weakness });
    // A new password ends every session of the account, on pages and live sockets alike.
    const { endedSessions } = await redeemPasswordReset(token, await hashPassword(password));
    await closeLiveSessions(endedSessions);
    return { ok: true };
  });
  if (result?.ok) redirect("/sign-in");
  return result;
}
