import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Role } from "../lib/roles";
import { db, type Db } from "./client";
import { membershipChanges, users } from "./schema";
import { timeOrderedId } from "./time-ordered-id";

/** What happened to a membership. */
export type MembershipChangeKind = "joined" | "left" | "removed" | "promoted" | "demoted";

/** One line of the owner's log: who, by whom, when. Names are null once an account is gone. */
export type MembershipChange = {
  id: string;
  change: MembershipChangeKind;
  role: Role;
  previousRole: Role | null;
  member: { id: string; displayName: string; username: string } | null;
  actor: { id: string; displayName: string; username: string } | null;
  at: Date;
};

const rank: Record<Role, number> = { member: 0, facilitator: 1, owner: 2 };

/** Whether a role change is a promotion or a demotion (undefined when the role stays). */
export function roleChangeKind(from: Role, to: Role): "promoted" | "demoted" | undefined {
  if (rank[to] === rank[from]) return undefined;
  return rank[to] > rank[from] ? "promoted" : "demoted";
}

/** Writes one line of the log, in the caller's transaction (the change and its record commit together). */
export async function recordMembershipChange(
  tx: Db,
  entry: { groupId: string; userId: string; actorId: string | null; change: MembershipChangeKind; role: Role; previousRole?: Role | null; at?: Date },
): Promise<void> {
  await tx.insert(membershipChanges).values({
    id: timeOrderedId(),
    groupId: entry.groupId,
    userId: entry.userId,
    actorId: entry.actorId,
    change: entry.change,
    role: entry.role,
    previousRole: entry.previousRole ?? null,
    ...(entry.at ? { createdAt: entry.at } : {}),
  });
}

/** The group's membership log, newest first (for its owners). */
export async function listMembershipChanges(groupId: string, limit = 200): Promise<MembershipChange[]> {
  const member = alias(users, "member");
  const actor = alias(users, "actor");
  const rows = await db()
    .select({
      id: membershipChanges.id,
      change: membershipChanges.change,
      role: membershipChanges.role,
      previousRole: membershipChanges.previousRole,
      at: membershipChanges.createdAt,
      memberId: member.id,
      memberName: member.displayName,
      memberUsername: member.username,
      actorId: actor.id,
      actorName: actor.displayName,
      actorUsername: actor.username,
    })
    .from(membershipChanges)
    .leftJoin(member, eq(member.id, membershipChanges.userId))
    .leftJoin(actor, eq(actor.id, membershipChanges.actorId))
    .where(eq(membershipChanges.groupId, groupId))
    .orderBy(desc(membershipChanges.createdAt), desc(membershipChanges.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    change: row.change,
    role: row.role,
    previousRole: row.previousRole,
    at: row.at,
    member: row.memberId ? { id: row.memberId, displayName: row.memberName!, username: row.memberUsername! } : null,
    actor: row.actorId ? { id: row.actorId, displayName: row.actorName!, username: row.actorUsername! } : null,
  }));
}
