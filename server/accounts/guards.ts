import { notFound, redirect } from "next/navigation";
import { roleInGroup, findGroup } from "../../db/groups";
import type { User } from "../../db/users";
import type { Role } from "../../lib/roles";
import { currentUser } from "./current-user";

/** The signed-in user, or a redirect to sign in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The group and the user's role in it; anyone outside the group gets the 404 page, not data. */
export async function requireMembership(groupId: string, user: User): Promise<{ group: { id: string; name: string; description: string }; role: Role }> {
  const group = await findGroup(groupId);
  const role = group ? await roleInGroup(groupId, user.id) : null;
  if (!group || !role) notFound();
  return { group, role };
}
