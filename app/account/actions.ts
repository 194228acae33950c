"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { deleteAccount } from "@/db/accounts";
import { endAuthSessionsOf, endOwnAuthSession } from "@/db/auth-sessions";
import { findUserForSignIn, updatePasswordHash, updateProfile, type User } from "@/db/users";
import { AppError } from "@/lib/errors";
import { locales, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { currentAccount, currentAccountSignIn } from "@/server/accounts/current-user";
import { hashPassword, passwordWeakness, PASSWORD_MAX_LENGTH, verifyPassword } from "@/server/accounts/password";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { closeLiveSessions } from "@/server/route-bridge";

const profileSchema = z.object({
  displayName: z.string().trim().min(1, "Tell the group what to call you.").max(60, "A display name can have at most 60 characters."),
  locale: z.enum(locales),
});

/** Changes the signed-in user's display name and interface language. */
export async function updateProfileAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await currentAccount();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    const input = parseForm(profileSchema, formData);
    await updateProfile(user.id, input);
    (await cookies()).set(LOCALE_COOKIE, input.locale, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
    revalidatePath("/", "layout");
    return { ok: true };
  });
}

/** The signed-in user and this browser's session, refusing anyone signed out. */
async function signedIn(): Promise<{ user: User; sessionId: string }> {
  const current = await currentAccountSignIn();
  if (!current) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return current;
}

/** Refuses unless `password` is the account's current one (asked before anything that a borrowed, signed-in phone should not do). */
async function confirmPassword(user: User, password: string): Promise<void> {
  const account = await findUserForSignIn(user.username);
  if (!(await verifyPassword(account?.passwordHash, password))) throw new AppError("WRONG_PASSWORD", "That is not your current password.");
}

const passwordSchema = z.object({
  currentPassword: z.string().min(1, "Type your current password.").max(PASSWORD_MAX_LENGTH),
  newPassword: z.string().max(PASSWORD_MAX_LENGTH),
});

/** Changes the password (the current one is required) and ends every other session of the account. */
export async function changePasswordAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { user, sessionId } = await signedIn();
    const input = parseForm(passwordSchema, formData);
    await confirmPassword(user, input.currentPassword);
    const weakness = passwordWeakness(input.newPassword, user.username);
    if (weakness) throw new AppError("WEAK_PASSWORD", "Choose a longer, less common password.", { reason: weakness });
    await updatePasswordHash(user.id, await hashPassword(input.newPassword));
    await closeLiveSessions(await endAuthSessionsOf(user.id, sessionId));
    revalidatePath("/account");
    return { ok: true };
  });
}

/** Ends one of the account's other sessions: that browser is signed out and its live connections close. */
export async function endSessionAction(authSessionId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    const { user } = await signedIn();
    await closeLiveSessions(await endOwnAuthSession(user.id, authSessionId));
    revalidatePath("/account");
    return { ok: true };
  });
}

/** Ends every session of the account but this browser's. */
export async function endOtherSessionsAction(_previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    const { user, sessionId } = await signedIn();
    await closeLiveSessions(await endAuthSessionsOf(user.id, sessionId));
    revalidatePath("/account");
    return { ok: true };
  });
}

/** Signs the account out of every device, this one included. */
export async function signOutEverywhereAction(_previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    const { user } = await signedIn();
    await closeLiveSessions(await endAuthSessionsOf(user.id));
    redirect("/sign-in");
  });
}

const deletionSchema = z.object({
  password: z.string().min(1, "Type your current password.").max(PASSWORD_MAX_LENGTH),
  removeContributions: z.literal("on").optional(),
});

/** Deletes the account (the password is required); its sessions end everywhere. */
export async function deleteAccountAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { user } = await signedIn();
    const input = parseForm(deletionSchema, formData);
    await confirmPassword(user, input.password);
    const formerName = (await getTranslations({ locale: user.locale ?? "en", namespace: "accountSecurity" }))("formerMember");
    const { endedSessions } = await deleteAccount(user.id, { removeContributions: input.removeContributions === "on", formerName });
    await closeLiveSessions(endedSessions);
    redirect("/?accountDeleted=1");
  });
}
