import { randomUUID } from "node:crypto";
import { count, eq, or } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { db } from "./client";
import { users } from "./schema";

/** A user as the app sees it (never with the password hash). */
export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  locale: "en" | "es" | null;
};

/** A user together with the stored password hash, for signing in only. */
export type UserWithPassword = User & { passwordHash: string };

const publicColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  locale: users.locale,
};

/** Creates an account; usernames and e-mail addresses are unique, case-insensitively. */
export function createUser(input: {
  username: string;
  displayName: string;
  email?: string | null;
  passwordHash: string;
  locale?: "en" | "es" | null;
}): User {
  const username = input.username.toLowerCase();
  const email = input.email ? input.email.toLowerCase() : null;
  return db().transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
      throw new AppError("USERNAME_TAKEN", "That username is taken.");
    }
    if (email && tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new AppError("EMAIL_TAKEN", "That e-mail address is already used by another account.");
    }
    const user: User = { id: randomUUID(), username, displayName: input.displayName, email, locale: input.locale ?? null };
    tx.insert(users).values({ ...user, passwordHash: input.passwordHash }).run();
    return user;
  });
}

/** Finds the account for a username or an e-mail address, with its password hash. */
export function findUserForSignIn(login: string): UserWithPassword | undefined {
  const key = login.trim().toLowerCase();
  return db()
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(or(eq(users.username, key), eq(users.email, key)))
    .get();
}

/** Finds a user by id. */
export function findUserById(userId: string): User | undefined {
  return db().select(publicColumns).from(users).where(eq(users.id, userId)).get();
}

/** Changes a user's display name and language. */
export function updateProfile(userId: string, changes: { displayName: string; locale: "en" | "es" | null }): void {
  db().update(users).set(changes).where(eq(users.id, userId)).run();
}

/** Replaces a user's password hash. */
export function updatePasswordHash(userId: string, passwordHash: string): void {
  db().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

/** Counts accounts (used to decide whether to seed the demo). */
export function countUsers(): number {
  return db().select({ n: count() }).from(users).get()?.n ?? 0;
}
