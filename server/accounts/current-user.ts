import { getServerSession } from "next-auth";
import { findUserById, type User } from "../../db/users";
import { authOptions } from "./auth-options";

/** The signed-in user for this request, read fresh from the database, or null. */
export async function currentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  return (await findUserById(userId)) ?? null;
}
