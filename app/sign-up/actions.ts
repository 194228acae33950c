"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { claimGuest } from "@/db/guests";
import { createUser } from "@/db/users";
import { AppError } from "@/lib/errors";
import { locales, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { currentUser } from "@/server/accounts/current-user";
import { hashPassword, passwordWeakness, PASSWORD_MAX_LENGTH } from "@/server/accounts/password";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";

const signUpSchema = z.object({
  username: z
    .string()
    .trim()
    .min(3, "A username needs at least 3 characters.")
    .max(32, "A username can have at most 32 characters.")
    .regex(/^[a-zA-Z0-9_.-]+$/, "Use letters, digits, dots, dashes or underscores."),
  displayName: z.string().trim().min(1, "Tell the group what to call you.").max(60, "A display name can have at most 60 characters."),
  email: z.union([z.literal(""), z.email("That does not look like an e-mail address.").max(200)]).default(""),
  password: z.string().max(PASSWORD_MAX_LENGTH),
  locale: z.enum(locales),
});

/**
 * Creates an account; the form then signs in with the same credentials. A guest signing up
 * becomes the account (the same user), so what they wrote in their session is theirs.
 */
export async function signUpAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const input = parseForm(signUpSchema, formData);
    const weakness = passwordWeakness(input.password, input.username);
    if (weakness) throw new AppError("WEAK_PASSWORD", "Choose a longer, less common password.", { reason: weakness });
    const account = { ...input, email: input.email || null, passwordHash: await hashPassword(input.password) };
    const visitor = await currentUser();
    if (visitor?.kind === "guest") await claimGuest(visitor.id, account);
    const username = visitor?.kind === "guest" ? account.username.toLowerCase() : (await createUser(account)).username;
    (await cookies()).set(LOCALE_COOKIE, input.locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
    return { ok: true, value: username };
  });
}
