import { RateLimiterRes } from "rate-limiter-flexible";
import { signInLimiters } from "../../db/sign-in-limits";
import { findUserForSignIn, type User } from "../../db/users";
import { AppError } from "../../lib/errors";
import { verifyPassword } from "./password";

/** Checks a username (or e-mail) and password, slowing down repeated failures for either the login or the address. */
export async function checkCredentials(login: string, password: string, address: string): Promise<User> {
  const limiters = await signInLimiters();
  const loginKey = login.trim().toLowerCase();
  const blocked = await waitNeeded([limiters.perLogin.get(loginKey), limiters.perAddress.get(address)]);
  if (blocked > 0) throw rateLimited(blocked);

  const user = await findUserForSignIn(loginKey);
  if (await verifyPassword(user?.passwordHash, password)) {
    await limiters.perLogin.delete(loginKey);
    const { passwordHash: _omitted, ...publicUser } = user!;
    return publicUser;
  }
  const after = await Promise.allSettled([limiters.perLogin.consume(loginKey), limiters.perAddress.consume(address)]);
  const rejection = after.find((outcome) => outcome.status === "rejected");
  if (rejection && rejection.reason instanceof RateLimiterRes) throw rateLimited(rejection.reason.msBeforeNext);
  throw new AppError("INVALID_CREDENTIALS", "Wrong username or password.");
}

/** How long, in milliseconds, the strictest of these failure counters still blocks (0: none does). */
export async function waitNeeded(lookups: Promise<RateLimiterRes | null>[]): Promise<number> {
  const results = await Promise.all(lookups);
  return Math.max(0, ...results.map((result) => (result && result.remainingPoints <= 0 ? result.msBeforeNext : 0)));
}

function rateLimited(milliseconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60000));
  return new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${minutes} minutes.`, { minutes });
}
