import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { AppError } from "../lib/errors";
import { endAuthSessionsOf } from "./auth-sessions";
import { db, transaction } from "./client";
import { passwordResets, users } from "./schema";

/** How long a reset link works: long enough to hand over at a meeting and use that evening. */
export const PASSWORD_RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A fresh reset link: `path` (under the site's address) is shown once and never stored. */
export type PasswordResetLink = { token: string; path: string; expiresAt: Date };

/** Who a reset link is for, as its page shows it. */
export type PasswordResetTarget = { userId: string; username: string; displayName: string; expiresAt: Date };

/** The site path of a reset link. */
export function passwordResetPath(token: string): string {
  return `/reset/${token}`;
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Makes a single-use link that lets `userId` set a new password (`createdBy`: the group owner
 * handing it over, or null for a restore). Any earlier unused link for the account stops working.
 * Used by the group page and by restoring a backup.
 */
export async function createPasswordResetLink(userId: string, createdBy: string | null, lifetimeMs = PASSWORD_RESET_LIFETIME_MS): Promise<PasswordResetLink> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + lifetimeMs);
  await transaction(async (tx) => {
    await tx.delete(passwordResets).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({ id: randomUUID(), userId, tokenHash: digest(token), createdBy, expiresAt });
  });
  return { token, path: passwordResetPath(token), expiresAt };
}

/** The account a reset link is for, refusing a link that is unknown, used or expired. */
export async function findPasswordReset(token: string): Promise<PasswordResetTarget> {
  const [row] = await db()
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      deletedAt: users.deletedAt,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, digest(token)));
  if (!row || row.deletedAt) throw new AppError("RESET_LINK_INVALID", "This reset link does not work. Ask a group owner for a new one.");
  if (row.usedAt) throw new AppError("RESET_LINK_USED", "This reset link was already used. Ask a group owner for a new one.");
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("RESET_LINK_EXPIRED", "This reset link has expired. Ask a group owner for a new one.");
  return { userId: row.userId, username: row.username, displayName: row.displayName, expiresAt: row.expiresAt };
}

/**
 * Sets a new password through a reset link, once: marks the link used, stores the new hash and
 * ends every session of the account. Answers the account and the ended session ids, so the
 * caller can close their live connections.
 */
export async function redeemPasswordReset(token: string, passwordHash: string): Promise<{ userId: string; endedSessions: string[] }> {
  return transaction(async (tx) => {
    const target = await findPasswordReset(token);
    const used = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, digest(token)), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (used.length === 0) throw new AppError("RESET_LINK_USED", "This reset link was already used. Ask a group owner for a new one.");
    await tx.update(users).set({ passwordHash }).where(eq(users.id, target.userId));
    return { userId: target.userId, endedSessions: await endAuthSessionsOf(target.userId) };
  });
}
