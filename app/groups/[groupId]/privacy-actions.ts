"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MAX_RETENTION_DAYS, setGroupRetention } from "@/db/retention";
import { can } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { runRetention } from "@/server/retention-job";

const retentionSchema = z.object({
  retention: z.union([z.literal("off"), z.coerce.number().int().min(1).max(MAX_RETENTION_DAYS)]),
});

/** Sets how long the group keeps its sessions' discussions (owners only), and applies it at once. */
export async function setRetentionAction(groupId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await authorise(groupId, can.manageMembers);
    const { retention } = parseForm(retentionSchema, formData);
    await setGroupRetention(groupId, retention === "off" ? null : retention);
    await runRetention();
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}
