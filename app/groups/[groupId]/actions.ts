"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changeRole, removeMember } from "@/db/groups";
import { createInvite, revokeInvite } from "@/db/invites";
import { scheduleSession } from "@/db/study-sessions";
import { can, inviteRoles, roles } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { changeRoleLive, evictFromGroup } from "@/server/route-bridge";
import { announceSession } from "@/server/session-announcements";

const inviteSchema = z.object({
  role: z.enum(inviteRoles),
  days: z.coerce.number().int().min(1).max(90),
  maxUses: z.coerce.number().int().min(1).max(500),
});

/** Creates an invite link for the group. */
export async function createInviteAction(groupId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { userId } = await authorise(groupId, can.createInvite);
    const input = parseForm(inviteSchema, formData);
    const invite = await createInvite({ groupId, role: input.role, maxUses: input.maxUses, expiresAt: new Date(Date.now() + input.days * 86_400_000), createdBy: userId });
    revalidatePath(`/groups/${groupId}`);
    return { ok: true, value: invite.token };
  });
}

/** Withdraws an invite link. */
export async function revokeInviteAction(groupId: string, inviteId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await authorise(groupId, can.createInvite);
    await revokeInvite(groupId, inviteId);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

const roleSchema = z.object({ role: z.enum(roles) });

/** Changes a member's role (owners only). */
export async function changeRoleAction(groupId: string, memberId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { userId } = await authorise(groupId, can.manageMembers);
    const { role } = parseForm(roleSchema, formData);
    await changeRole(groupId, memberId, role, userId);
    changeRoleLive(groupId, memberId, role);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

/** Removes a member from the group (owners only). */
export async function removeMemberAction(groupId: string, memberId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    const { userId } = await authorise(groupId, can.manageMembers);
    await removeMember(groupId, memberId, userId);
    await evictFromGroup(groupId, memberId);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

/** Leaves the group. */
export async function leaveGroupAction(groupId: string, _previous: ActionResult): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.viewGroup);
    await removeMember(groupId, userId, userId);
    await evictFromGroup(groupId, userId);
    return { ok: true };
  });
  if (result?.ok) redirect("/");
  return result;
}

const sessionSchema = z.object({
  title: z.string().trim().min(1, "Give the session a title.").max(200),
  articleId: z.string().min(1, "Choose an article."),
  scheduledAt: z.iso.datetime({ message: "Choose a date and time." }),
});

/** Schedules a study session on one of the group's articles. */
export async function scheduleSessionAction(groupId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  let sessionId = "";
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.scheduleSession);
    const input = parseForm(sessionSchema, formData);
    sessionId = (await scheduleSession({ groupId, articleId: input.articleId, title: input.title, scheduledAt: new Date(input.scheduledAt), createdBy: userId })).id;
    await announceSession({ sessionId, kind: "session_scheduled", actorId: userId });
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}/sessions/${sessionId}`);
  return result;
}
