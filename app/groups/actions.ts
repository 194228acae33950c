"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { createGroup } from "@/db/groups";
import { currentAccount } from "@/server/accounts/current-user";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { AppError } from "@/lib/errors";

const newGroupSchema = z.object({
  name: z.string().trim().min(2, "The name needs at least 2 characters.").max(80, "The name can have at most 80 characters."),
  description: z.string().trim().max(500, "The description can have at most 500 characters.").default(""),
});

/** Creates a group with the signed-in user as owner, then opens it. */
export async function createGroupAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  let groupId = "";
  const result = await runAction(async () => {
    const user = await currentAccount();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    groupId = (await createGroup({ ...parseForm(newGroupSchema, formData), ownerId: user.id })).id;
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}`);
  return result;
}
