import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract } from "rate-limiter-flexible";
import { postgresPool, sqliteHandle } from "./client";

type LimiterHolder = { studyCircleSignInLimiters?: Promise<SignInLimiters> & { client?: unknown } };
const holder = globalThis as LimiterHolder;

/** Failure counters for signing in, kept in the database so restarts do not reset them and every node counts alike. */
export type SignInLimiters = { perLogin: RateLimiterAbstract; perAddress: RateLimiterAbstract };

/** Five failures per username in 15 minutes, thirty per network address, then a 15-minute wait. */
export function signInLimiters(): Promise<SignInLimiters> {
  const client = postgresPool() ?? sqliteHandle();
  // Made again when the database was reopened (unit tests open a fresh one per test).
  if (holder.studyCircleSignInLimiters?.client !== client) {
    const limiters = Promise.all([failureLimiter("sign_in_failures_by_login", 5), failureLimiter("sign_in_failures_by_address", 30)]).then(([perLogin, perAddress]) => ({
      perLogin,
      perAddress,
    }));
    holder.studyCircleSignInLimiters = Object.assign(limiters, { client });
  }
  return holder.studyCircleSignInLimiters!;
}

/**
 * A failure counter kept in a table of the app's database: `points` failures per 15 minutes,
 * then a 15-minute wait. Ready once its table exists.
 */
export function failureLimiter(tableName: string, points: number): Promise<RateLimiterAbstract> {
  const options = { tableName, points, duration: 15 * 60, blockDuration: 15 * 60 };
  const pool = postgresPool();
  if (!pool) return Promise.resolve(new RateLimiterSQLite({ ...options, storeClient: sqliteHandle(), storeType: "better-sqlite3" }));
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres({ ...options, storeClient: pool, storeType: "pool" }, (error?: unknown) =>
      error ? reject(error) : resolve(limiter),
    );
  });
}
