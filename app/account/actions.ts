"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { updateProfile } from "@/db/users";
import { AppError } from "@/lib/errors";
import { locales, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { currentUser } from "@/server/accounts/current-user";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";

const profileSchema = z.object({
  displayName: z.string().trim().min(1, "Tell the group what to call you.").max(60, "A display name can have at most 60 characters."),
  locale: z.enum(locales),
});

/** Changes the signed-in user's display name and interface language. */
export async function updateProfileAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    const input = parseForm(profileSchema, formData);
    await updateProfile(user.id, input);
    (await cookies()).set(LOCALE_COOKIE, input.locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
    revalidatePath("/", "layout");
    return { ok: true };
  });
}
