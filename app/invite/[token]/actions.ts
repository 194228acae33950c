"use server";

import { redirect } from "next/navigation";
import { redeemInvite } from "@/db/invites";
import { AppError } from "@/lib/errors";
import { currentAccount } from "@/server/accounts/current-user";
import { runAction, type ActionResult } from "@/server/action-result";

/** Joins the signed-in user to the invite's group and opens the group. */
export async function joinByInviteAction(token: string, _previous: ActionResult): Promise<ActionResult> {
  let groupId = "";
  const result = await runAction(async () => {
    const user = await currentAccount();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    groupId = (await redeemInvite(token, user.id)).groupId;
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}`);
  return result;
}
