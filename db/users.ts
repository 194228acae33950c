import { randomUUID } from "node:crypto";
import { and, count, eq, or } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { db, transaction } from "./client";
import { users } from "./schema";

/** A user as the app sees it (never with the password hash). */
export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: "en" | "es" | null;
  /** "guest": someone let into one session by its code and a name (see db/guests.ts). */
  kind: "account" | "guest";
};

/** A user together with the stored password hash, for signing in only. */
export type UserWithPassword = User & { passwordHash: string };

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  locale: users.locale,
  kind: users.kind,
};

/** Creates an account; usernames and e-mail addresses are unique, case-insensitively. */
export async function createUser(input: { username: string; displayName: string; email?: string | null; passwordHash: string; locale?: "en" | "es" | null }): Promise<User> {
  const username = input.username.toLowerCase();
  const email = input.email ? input.email.toLowerCase() : null;
  return transaction(async (tx) => {
    if ((await tx.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]) {
      throw new AppError("USERNAME_TAKEN", "That username is taken.");
    }
    if (email && (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]) {
      throw new AppError("EMAIL_TAKEN", "That e-mail address is already used by another account.");
    }
    const user: User = { id: randomUUID(), username, displayName: input.displayName, email, locale: input.locale ?? null, kind: "account" };
    await tx.insert(users).values({ ...user, passwordHash: input.passwordHash });
    return user;
  });
}

/** Finds the account for a username or an e-mail address, with its password hash; guests have none to sign in with. */
export async function findUserForSignIn(login: string): Promise<UserWithPassword | undefined> {
  const key = login.trim().toLowerCase();
  return (
    await db()
      .select({ ...publicColumns, passwordHash: users.passwordHash })
      .from(users)
      .where(and(or(eq(users.username, key), eq(users.email, key)), eq(users.kind, "account")))
  )[0];
}

/** Finds a user by id. */
export async function findUserById(userId: string): Promise<User | undefined> {
  return (await db().select(publicColumns).from(users).where(eq(users.id, userId)))[0];
}

/** Changes a user's display name and language. */
export async function updateProfile(userId: string, changes: { displayName: string; locale: "en" | "es" | null }): Promise<void> {
  await db().update(users).set(changes).where(eq(users.id, userId));
}

/** Replaces a user's password hash. */
export async function updatePasswordHash(userId: string, passwordHash: string): Promise<void> {
  await db().update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Counts accounts (used to decide whether to seed the demo). */
export async function countUsers(): Promise<number> {
  return (await db().select({ n: count() }).from(users))[0]?.n ?? 0;
}
