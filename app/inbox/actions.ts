"use server";

import { revalidatePath } from "next/cache";
import { closeCalendarFeed, openCalendarFeed } from "@/db/calendar-feeds";
import { markInboxRead } from "@/db/inbox";
import { AppError } from "@/lib/errors";
import { currentAccount } from "@/server/accounts/current-user";
import { runAction, type ActionResult } from "@/server/action-result";
import { publicAddress } from "@/server/public-url";

async function signedIn(): Promise<string> {
  const user = await currentAccount();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  return user.id;
}

/** Marks every entry of the signed-in member's inbox read. */
export async function markAllReadAction(_previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await markInboxRead(await signedIn());
    revalidatePath("/", "layout");
    return { ok: true };
  });
}

/** Marks one entry read (an entry of someone else changes nothing). */
export async function markReadAction(entryId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await markInboxRead(await signedIn(), [entryId]);
    revalidatePath("/", "layout");
    return { ok: true };
  });
}

/** Makes a new private calendar address (the result's value, shown this once); the previous one stops working. */
export async function openCalendarFeedAction(_previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => ({ ok: true, value: publicAddress(`/calendar/${await openCalendarFeed(await signedIn())}.ics`) }));
}

/** Turns the private calendar address off. */
export async function closeCalendarFeedAction(_previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await closeCalendarFeed(await signedIn());
    revalidatePath("/inbox");
    return { ok: true };
  });
}
