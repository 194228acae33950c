"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createArticle } from "@/db/articles";
import { changeRole, removeMember, roleInGroup } from "@/db/groups";
import { createInvite, revokeInvite } from "@/db/invites";
import { scheduleSession } from "@/db/study-sessions";
import { blocksFromMarkdown } from "@/lib/article/markdown-import";
import { AppError } from "@/lib/errors";
import { can, inviteRoles, roles, type Role } from "@/lib/roles";
import { currentUser } from "@/server/accounts/current-user";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";

/** The signed-in user and their role, refusing anyone who may not take `decision` in this group. */
async function authorise(groupId: string, decision: (role: Role | null) => boolean): Promise<{ userId: string; role: Role }> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const role = roleInGroup(groupId, user.id);
  if (!role) throw new AppError("NOT_FOUND", "This group does not exist or you are not a member.");
  if (!decision(role)) throw new AppError("FORBIDDEN", "Your role in this group does not allow that.");
  return { userId: user.id, role };
}

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
    const invite = createInvite({ groupId, role: input.role, maxUses: input.maxUses, expiresAt: new Date(Date.now() + input.days * 86_400_000), createdBy: userId });
    revalidatePath(`/groups/${groupId}`);
    return { ok: true, value: invite.token };
  });
}

/** Withdraws an invite link. */
export async function revokeInviteAction(groupId: string, inviteId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await authorise(groupId, can.createInvite);
    revokeInvite(groupId, inviteId);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

const roleSchema = z.object({ role: z.enum(roles) });

/** Changes a member's role (owners only). */
export async function changeRoleAction(groupId: string, memberId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await authorise(groupId, can.manageMembers);
    changeRole(groupId, memberId, parseForm(roleSchema, formData).role);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

/** Removes a member from the group (owners only). */
export async function removeMemberAction(groupId: string, memberId: string, _previous: ActionResult): Promise<ActionResult> {
  return runAction(async () => {
    await authorise(groupId, can.manageMembers);
    removeMember(groupId, memberId);
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
}

/** Leaves the group. */
export async function leaveGroupAction(groupId: string, _previous: ActionResult): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.viewGroup);
    removeMember(groupId, userId);
    return { ok: true };
  });
  if (result?.ok) redirect("/");
  return result;
}

const articleSchema = z.object({
  title: z.string().trim().min(1, "Give the article a title.").max(300),
  author: z.string().trim().max(200).default(""),
  sourceName: z.string().trim().max(200).default(""),
  sourceUrl: z.union([z.literal(""), z.url("The source must be a web address.").max(2000)]).default(""),
  markdown: z.string().max(2_000_000, "The text is too long (2 MB at most)."),
});

/** Adds an article from pasted Markdown, normalised into blocks. */
export async function createArticleAction(groupId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  let articleId = "";
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.addArticle);
    const { markdown, ...metadata } = parseForm(articleSchema, formData);
    const blocks = blocksFromMarkdown(markdown);
    if (blocks.length === 0) throw new AppError("EMPTY_ARTICLE", "The article has no text.");
    articleId = createArticle({ ...metadata, publishedOn: "", language: "", groupId, blocks, createdBy: userId }).id;
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}/articles/${articleId}`);
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
    sessionId = scheduleSession({ groupId, articleId: input.articleId, title: input.title, scheduledAt: new Date(input.scheduledAt), createdBy: userId }).id;
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}/sessions/${sessionId}`);
  return result;
}
