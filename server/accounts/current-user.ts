import { getServerSession } from "next-auth";
import { findUserById, type User } from "../../db/users";
import { authOptions } from "./auth-options";

/** The signed-in user for this request and the server-side session their cookie stands for, or null. */
export async function currentSignIn(): Promise<{ user: User; sessionId: string } | null> {
  // next-auth's jwt callback refuses a cookie whose server-side session was ended: that is no session here.
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId || !session.sessionId) return null;
  const user = await findUserById(userId);
  return user ? { user, sessionId: session.sessionId } : null;
}

/** The signed-in user for this request, read fresh from the database, or null. */
export async function currentUser(): Promise<User | null> {
  return (await currentSignIn())?.user ?? null;
}

/** The signed-in account and its server-side session, or null: a guest, let into one session by its code, has no account here. */
export async function currentAccountSignIn(): Promise<{ user: User; sessionId: string } | null> {
  const signedIn = await currentSignIn();
  return signedIn?.user.kind === "account" ? signedIn : null;
}

/** The signed-in account, or null for nobody and for a guest. */
export async function currentAccount(): Promise<User | null> {
  return (await currentAccountSignIn())?.user ?? null;
}
