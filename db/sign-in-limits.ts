import { RateLimiterSQLite } from "rate-limiter-flexible";
import { db } from "./client";

type LimiterHolder = { studyCircleSignInLimiters?: SignInLimiters & { client: unknown } };
const holder = globalThis as LimiterHolder;

/** Failure counters for signing in, kept in the database so restarts do not reset them. */
export type SignInLimiters = { perLogin: RateLimiterSQLite; perAddress: RateLimiterSQLite };

/** Five failures per username in 15 minutes, thirty per network address, then a 15-minute wait. */
export function signInLimiters(): SignInLimiters {
  // Made again when the database was reopened (unit tests open a fresh one per test).
  if (holder.studyCircleSignInLimiters?.client !== db().$client) {
    holder.studyCircleSignInLimiters = {
      client: db().$client,
      perLogin: failureLimiter("sign_in_failures_by_login", 5),
      perAddress: failureLimiter("sign_in_failures_by_address", 30),
    };
  }
  return holder.studyCircleSignInLimiters;
}

/** A failure counter kept in a table of the app's database: `points` failures per 15 minutes, then a 15-minute wait. */
export function failureLimiter(tableName: string, points: number): RateLimiterSQLite {
  return new RateLimiterSQLite({
    storeClient: db().$client,
    storeType: "better-sqlite3",
    tableName,
    points,
    duration: 15 * 60,
    blockDuration: 15 * 60,
  });
}
