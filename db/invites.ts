import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { InviteRole, Role } from "../lib/roles";
import { db, transaction } from "./client";
import { recordMembershipChange } from "./membership-log";
import { groups, invites, memberships } from "./schema";

/** An invite link as its group's organisers see it. */
export type Invite = {
  id: string;
  token: string;
  role: InviteRole;
  expiresAt: Date;
  maxUses: number;
  uses: number;
};

/** What a visitor following an invite link learns about it. */
export type InvitePreview = Invite & { groupId: string; groupName: string; revoked: boolean };

/** Creates an invite link with a random token, a role, an expiry and a maximum number of uses. */
export async function createInvite(input: { groupId: string; role: InviteRole; expiresAt: Date; maxUses: number; createdBy: string }): Promise<Invite> {
  const invite = {
    id: randomUUID(),
    token: randomBytes(18).toString("base64url"),
    role: input.role,
    expiresAt: input.expiresAt,
    maxUses: input.maxUses,
    uses: 0,
  };
  await db()
    .insert(invites)
    .values({ ...invite, groupId: input.groupId, createdBy: input.createdBy });
  return invite;
}

/** A group's invites that can still be used, newest first. */
export async function listActiveInvites(groupId: string, now = new Date()): Promise<Invite[]> {
  return (
    await db()
      .select({
        id: invites.id,
        token: invites.token,
        role: invites.role,
        expiresAt: invites.expiresAt,
        maxUses: invites.maxUses,
        uses: invites.uses,
      })
      .from(invites)
      .where(and(eq(invites.groupId, groupId), isNull(invites.revokedAt)))
      .orderBy(desc(invites.createdAt))
  ).filter((invite) => invite.expiresAt > now && invite.uses < invite.maxUses);
}

/** Revokes one of a group's invites. */
export async function revokeInvite(groupId: string, inviteId: string): Promise<void> {
  await db()
    .update(invites)
    .set({ revokedAt: new Date() })
    .where(and(eq(invites.groupId, groupId), eq(invites.id, inviteId)));
}

/** Looks up an invite by its token, with its group's name. */
export async function findInvite(token: string): Promise<InvitePreview | undefined> {
  const row = (
    await db()
      .select({
        id: invites.id,
        token: invites.token,
        role: invites.role,
        expiresAt: invites.expiresAt,
        maxUses: invites.maxUses,
        uses: invites.uses,
        revokedAt: invites.revokedAt,
        groupId: invites.groupId,
        groupName: groups.name,
      })
      .from(invites)
      .innerJoin(groups, eq(groups.id, invites.groupId))
      .where(eq(invites.token, token))
  )[0];
  if (!row) return undefined;
  const { revokedAt, ...invite } = row;
  return { ...invite, revoked: revokedAt !== null };
}

/** Why an invite can no longer be used, or null when it can. */
export function inviteProblem(invite: InvitePreview, now = new Date()): AppError | null {
  if (invite.revoked) return new AppError("INVITE_REVOKED", "This invite link was withdrawn by the group.");
  if (invite.expiresAt <= now) return new AppError("INVITE_EXPIRED", "This invite link has expired.");
  if (invite.uses >= invite.maxUses) return new AppError("INVITE_USED_UP", "This invite link has been used as often as it allows.");
  return null;
}

/** Joins a user to the invite's group, counting one use; a member already in the group uses nothing. */
export async function redeemInvite(token: string, userId: string, now = new Date()): Promise<{ groupId: string; role: Role }> {
  return transaction(async (tx) => {
    const invite = await findInvite(token);
    if (!invite) throw new AppError("NOT_FOUND", "This invite link does not exist.");
    const existing = (
      await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.groupId, invite.groupId), eq(memberships.userId, userId)))
    )[0];
    if (existing) return { groupId: invite.groupId, role: existing.role };
    const problem = inviteProblem(invite, now);
    if (problem) throw problem;
    const counted = await tx
      .update(invites)
      .set({ uses: sql`${invites.uses} + 1` })
      .where(and(eq(invites.id, invite.id), sql`${invites.uses} < ${invites.maxUses}`))
      .returning({ id: invites.id });
    if (counted.length !== 1) throw new AppError("INVITE_USED_UP", "This invite link has been used as often as it allows.");
    await tx.insert(memberships).values({ groupId: invite.groupId, userId, role: invite.role });
    await recordMembershipChange(tx, { groupId: invite.groupId, userId, actorId: null, change: "joined", role: invite.role });
    return { groupId: invite.groupId, role: invite.role };
  });
}
