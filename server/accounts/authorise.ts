import { roleInGroup } from "../../db/groups";
import { AppError } from "../../lib/errors";
import type { Role } from "../../lib/roles";
import { currentUser } from "./current-user";

/** The signed-in user and their role, refusing anyone who may not take `decision` in this group. */
export async function authorise(groupId: string, decision: (role: Role | null) => boolean): Promise<{ userId: string; role: Role }> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const role = await roleInGroup(groupId, user.id);
  if (!role) throw new AppError("NOT_FOUND", "This group does not exist or you are not a member.");
  if (!decision(role)) throw new AppError("FORBIDDEN", "Your role in this group does not allow that.");
  return { userId: user.id, role };
}
