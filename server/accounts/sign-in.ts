import { setTimeout as sleep } from "node:timers/promises";
import { RateLimiterRes } from "rate-limiter-flexible";
import { SIGN_IN_LIMITS, signInLimiters } from "../../db/sign-in-limits";
import { findUserForSignIn, type User } from "../../db/users";
import { AppError } from "../../lib/errors";
import { verifyPassword } from "./password";

/** The longest a sign-in is held back by the per-username slowdown. */
export const MAX_SLOWDOWN_MS = 8_000;

/**
 * How long to hold back a sign-in attempt for a username that has failed `loginFailures` times
 * lately (from anywhere), from an address that has failed `failuresFromHere` times for it. An
 * address that has not failed for the username is never held back, so a flood from elsewhere
 * cannot keep the account's owner out; one that keeps guessing waits longer each time.
 */
export function slowdownMs(loginFailures: number, failuresFromHere: number): number {
  if (loginFailures < SIGN_IN_LIMITS.loginUnderAttack || failuresFromHere === 0) return 0;
  return Math.min(MAX_SLOWDOWN_MS, 500 * 2 ** (failuresFromHere - 1));
}

/**
 * Checks a username (or e-mail) and password. Wrong passwords are counted per (address,
 * username), strictly, and per address, generously; a username's failures from everywhere only
 * slow down the addresses that keep failing, so nobody can lock another person out.
 */
export async function checkCredentials(login: string, password: string, address: string, wait: (ms: number) => Promise<unknown> = sleep): Promise<User> {
  const limiters = await signInLimiters();
  const loginKey = login.trim().toLowerCase();
  // Addresses never hold a space, so the pair cannot be confused with another.
  const pairKey = `${address} ${loginKey}`;
  const [pair, fromAddress, forLogin] = await Promise.all([limiters.perAddressAndLogin.get(pairKey), limiters.perAddress.get(address), limiters.perLogin.get(loginKey)]);
  const blocked = await waitNeeded([pair, fromAddress]);
  if (blocked > 0) throw rateLimited(blocked);
  const delay = slowdownMs(forLogin?.consumedPoints ?? 0, pair?.consumedPoints ?? 0);
  if (delay > 0) await wait(delay);

  const user = await findUserForSignIn(loginKey);
  if (await verifyPassword(user?.passwordHash, password)) {
    await limiters.perAddressAndLogin.delete(pairKey);
    const { passwordHash: _omitted, ...publicUser } = user!;
    return publicUser;
  }
  const after = await Promise.allSettled([limiters.perAddressAndLogin.consume(pairKey), limiters.perAddress.consume(address), limiters.perLogin.consume(loginKey)]);
  const rejection = after.find((outcome) => outcome.status === "rejected");
  if (rejection && rejection.reason instanceof RateLimiterRes) throw rateLimited(rejection.reason.msBeforeNext);
  throw new AppError("INVALID_CREDENTIALS", "Wrong username or password.");
}

/** How long, in milliseconds, the strictest of these failure counters still blocks (0: none does). */
export async function waitNeeded(lookups: (RateLimiterRes | null | Promise<RateLimiterRes | null>)[]): Promise<number> {
  const results = await Promise.all(lookups);
  return Math.max(0, ...results.map((result) => (result && result.remainingPoints <= 0 ? result.msBeforeNext : 0)));
}

function rateLimited(milliseconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60000));
  return new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${minutes} minutes.`, { minutes });
}
