import { randomUUID } from "node:crypto";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { AppError } from "../lib/errors";
import type { Role } from "../lib/roles";
import { db, prepared } from "./client";
import { groups, memberships, users } from "./schema";

/** A group as listed for one of its members. */
export type GroupForMember = { id: string; name: string; description: string; role: Role; memberCount: number };

/** A member of a group. */
export type GroupMember = { userId: string; username: string; displayName: string; role: Role; joinedAt: Date };

/** Creates a group; its creator becomes its owner. */
export function createGroup(input: { name: string; description: string; ownerId: string }): { id: string } {
  const id = randomUUID();
  db().transaction((tx) => {
    tx.insert(groups).values({ id, name: input.name, description: input.description, createdBy: input.ownerId }).run();
    tx.insert(memberships).values({ groupId: id, userId: input.ownerId, role: "owner" }).run();
  });
  return { id };
}

/** The groups a user belongs to, with their role in each. */
export function listGroupsForUser(userId: string): GroupForMember[] {
  const rows = db()
    .select({ id: groups.id, name: groups.name, description: groups.description, role: memberships.role })
    .from(memberships)
    .innerJoin(groups, eq(groups.id, memberships.groupId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(groups.name))
    .all();
  return rows.map((row) => ({ ...row, memberCount: countMembers(row.id) }));
}

/** A group's name and description, or undefined. */
export function findGroup(groupId: string): { id: string; name: string; description: string } | undefined {
  return db()
    .select({ id: groups.id, name: groups.name, description: groups.description })
    .from(groups)
    .where(eq(groups.id, groupId))
    .get();
}

const roleQuery = prepared((database) =>
  database
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.groupId, sql.placeholder("groupId")), eq(memberships.userId, sql.placeholder("userId"))))
    .prepare(),
);

/** A user's role in a group, or null when they are not a member (asked on every socket message). */
export function roleInGroup(groupId: string, userId: string): Role | null {
  return roleQuery().get({ groupId, userId })?.role ?? null;
}

/** Every member of a group, owners first. */
export function listMembers(groupId: string): GroupMember[] {
  const rows = db()
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.groupId, groupId))
    .all();
  const order: Record<Role, number> = { owner: 0, facilitator: 1, member: 2 };
  return rows.sort((a, b) => order[a.role] - order[b.role] || a.displayName.localeCompare(b.displayName));
}

/** Counts a group's members. */
export function countMembers(groupId: string): number {
  return db().select({ n: count() }).from(memberships).where(eq(memberships.groupId, groupId)).get()?.n ?? 0;
}

/** Changes a member's role; a group always keeps at least one owner. */
export function changeRole(groupId: string, userId: string, role: Role): void {
  db().transaction((tx) => {
    const current = tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
      .get();
    if (!current) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
    if (current.role === "owner" && role !== "owner") assertAnotherOwner(tx, groupId, userId);
    tx.update(memberships)
      .set({ role })
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
      .run();
  });
}

/** Removes a member (or lets a member leave); the last owner cannot go. */
export function removeMember(groupId: string, userId: string): void {
  db().transaction((tx) => {
    const current = tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
      .get();
    if (!current) throw new AppError("NOT_FOUND", "That person is not a member of this group.");
    if (current.role === "owner") assertAnotherOwner(tx, groupId, userId);
    tx.delete(memberships)
      .where(and(eq(memberships.groupId, groupId), eq(memberships.userId, userId)))
      .run();
  });
}

type Transaction = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

function assertAnotherOwner(tx: Transaction, groupId: string, userId: string): void {
  const others = tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.groupId, groupId), eq(memberships.role, "owner"), ne(memberships.userId, userId)))
    .get();
  if (!others?.n) throw new AppError("LAST_OWNER", "A group needs at least one owner. Make someone else owner first.");
}

/** Adds a member directly (used by invites and the demo seed). */
export function addMember(groupId: string, userId: string, role: Role): void {
  db().insert(memberships).values({ groupId, userId, role }).onConflictDoNothing().run();
}
