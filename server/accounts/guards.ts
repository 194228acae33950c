import { notFound, redirect } from "next/navigation";
import { guestStanding } from "../../db/guests";
import { roleInGroup, findGroup } from "../../db/groups";
import type { User } from "../../db/users";
import type { Role, SessionRole } from "../../lib/roles";
import { currentUser } from "./current-user";

/** The signed-in user, or a redirect to sign in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in account, or a redirect: to sign in for nobody, home for a guest (whose home is
 * the one session they came for — account pages, the inbox, search and new groups are not theirs).
 */
export async function requireAccount(returnTo: string): Promise<User> {
  const user = await requireUser(returnTo);
  if (user.kind === "guest") redirect("/");
  return user;
}

/** The group and the user's role in it; anyone outside the group gets the 404 page, not data. */
export async function requireMembership(groupId: string, user: User): Promise<{ group: { id: string; name: string; description: string }; role: Role }> {
  const group = await findGroup(groupId);
  const role = group ? await roleInGroup(groupId, user.id) : null;
  if (!group || !role) notFound();
  return { group, role };
}

/**
 * A session's group and the user's role in that session: their group role, or "guest" for an
 * admitted guest of this very session (who learns the group's name and nothing else of it).
 * Anyone else gets the 404 page.
 */
export async function requireSessionAccess(
  groupId: string,
  sessionId: string,
  user: User,
): Promise<{ group: { id: string; name: string; description: string }; role: SessionRole }> {
  const group = await findGroup(groupId);
  if (!group) notFound();
  const role = (await roleInGroup(groupId, user.id)) ?? ((await guestStanding(sessionId, user.id)) === "admitted" ? "guest" : null);
  if (!role) notFound();
  return { group, role };
}
