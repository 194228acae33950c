import { randomUUID } from "node:crypto";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { Role } from "../lib/roles";
import { db, prepared, transaction, type Db } from "./client";
import { recordMembershipChange, roleChangeKind } from "./membership-log";
import { groups, memberships, users } from "./schema";

/** A group as listed for one of its members. */
export type GroupForMember = { id: string; name: string; description: string; role: Role; memberCount: number };

/** A member of a group. */
export type GroupMember = { userId: string; username: string; displayName: string; role: Role; joinedAt: Date };

/** Creates a group; its creator becomes its owner. */
export async function createGroup(input: { name: string; description: string; ownerId: string }): Promise<{ id: string }> {
  const id = randomUUID();
  await transaction(async (tx) => {
    await tx.insert(groups).values({ id, name: input.name, description: input.description, createdBy: input.ownerId });
    await tx.insert(memberships).values({ groupId: id, userId: input.ownerId, role: "owner" });
    await recordMembershipChange(tx, { groupId: id, userId: input.ownerId, actorId: input.ownerId, change: "joined", role: "owner" });
  });
  return { id };
}

/** The groups a user belongs to, with their role in each. */
export async function listGroupsForUser(userId: string): Promise<GroupForMember[]> {
  const rows = await db()
    .select({ id: groups.id, name: groups.name, description: groups.description, role: memberships.role })
    .from(memberships)
    .innerJoin(groups, eq(groups.id, memberships.groupId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(groups.name));
  return Promise.all(rows.map(async (row) => ({ ...row, memberCount: await countMembers(row.id) })));
}

/** A group's name and description, or undefined. */
export async function findGroup(groupId: string): Promise<{ id: string; name: string; description: string } | undefined> {
  return (await db().select({ id: groups.id, name: groups.name, description: groups.description }).from(groups).where(eq(groups.id, groupId)))[0];
}

const roleQuery = prepared("roleQuery", (database) =>
  database
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.groupId, sql.placeholder("groupId")), eq(memberships.userId, sql.placeholder("userId")))),
);

/** A user's role in a group, or null when they are not a member (asked on every socket message). */
export async function roleInGroup(groupId: string, userId: string): Promise<Role | null> {
  return (await roleQuery().execute({ groupId, userId }))[0]?.role ?? null;
}

/** Every member of a group, owners first. */
export async function listMembers(groupId: string): Promise<GroupMember[]> {
  const rows = await db()
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.groupId, groupId));
  const order: Record<Role, number> = { owner: 0, facilitator: 1, member: 2 };
  return rows.sort((a, b) => order[a.role] - order[b.role] || a.displayName.localeCompare(b.displayName));
}

/** Counts a group's members. */
export async function countMembers(groupId: string): Promise<number> {
  return (await db().select({ n: count() }).from(memberships).where(eq(memberships.groupId, groupId)))[0]?.n ?? 0;
}

/** Changes a member's role (`actorId`: the owner who did it, for the group's log); a group always keeps at least one owner. */
export async function changeRole(groupId: string, userId: string, role: Role, actorId: string | null = null): Promise<void> {
  await transaction(async (tx) => {
    const current = (
      await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
    )[0];
    if (!current) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
    if (current.role === "owner" && role !== "owner") await assertAnotherOwner(tx, groupId, userId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
    const change = roleChangeKind(current.role, role);
    if (change) await recordMembershipChange(tx, { groupId, userId, actorId, change, role, previousRole: current.role });
  });
}

/** Removes a member (`actorId`: the owner who did it), or lets a member leave (`actorId` is themself); the last owner cannot go. */
export async function removeMember(groupId: string, userId: string, actorId: string | null = null): Promise<void> {
  await transaction(async (tx) => {
    const current = (
      await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
    )[0];
    if (!current) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
    if (current.role === "owner") await assertAnotherOwner(tx, groupId, userId);
    await tx.delete(memberships).where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)));
    await recordMembershipChange(tx, { groupId, userId, actorId, change: actorId === userId ? "left" : "removed", role: current.role });
  });
}

type Transaction = Db;

async function assertAnotherOwner(tx: Transaction, groupId: string, userId: string): Promise<void> {
  const others = (
    await tx
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.role, "owner"), ne(memberships.userId, userId)))
  )[0];
  if (!others?.n) throw new AppError("LAST_OWNER", "A group needs at least one owner. Make someone else owner first.");
}

/** Adds a member directly (used by the demo seed and benches); a new membership goes into the group's log. */
export async function addMember(groupId: string, userId: string, role: Role, actorId: string | null = null): Promise<void> {
  await transaction(async (tx) => {
    const added = await tx.insert(memberships).values({ groupId, userId, role }).onConflictDoNothing().returning({ userId: memberships.userId });
    if (added.length > 0) await recordMembershipChange(tx, { groupId, userId, actorId, change: "joined", role });
  });
}
