import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract } from "rate-limiter-flexible";
import { postgresPool, sqliteHandle } from "./client";

type LimiterHolder = { studyCircleSignInLimiters?: Promise<SignInLimiters> & { client?: unknown } };
const holder = globalThis as LimiterHolder;

/** The sign-in limits, per 15 minutes; see server/accounts/sign-in.ts for how they combine. */
export const SIGN_IN_LIMITS = {
  /** Wrong passwords for one username from one address, then that address waits 15 minutes for that username. */
  perAddressAndLogin: 5,
  /**
   * Wrong passwords from one address, whatever the username, then it waits 15 minutes. Generous:
   * a meeting room's thirty phones share one router's address, and people mistype.
   */
  perAddress: 150,
  /** Wrong passwords for one username from anywhere after which addresses that keep failing are slowed down. */
  loginUnderAttack: 10,
};

/** Failure counters for signing in, kept in the database so restarts do not reset them and every node counts alike. */
export type SignInLimiters = {
  /** Locks a username for one address only. */
  perAddressAndLogin: RateLimiterAbstract;
  /** Locks an address. */
  perAddress: RateLimiterAbstract;
  /** Only counts: a username's failures never lock it (that would let anyone lock its owner out). */
  perLogin: RateLimiterAbstract;
};

/** The counters of this process's database. */
export function signInLimiters(): Promise<SignInLimiters> {
  const client = postgresPool() ?? sqliteHandle();
  // Made again when the database was reopened (unit tests open a fresh one per test).
  if (holder.studyCircleSignInLimiters?.client !== client) {
    const limiters = Promise.all([
      failureLimiter("sign_in_failures_by_address_login", SIGN_IN_LIMITS.perAddressAndLogin),
      failureLimiter("sign_in_failures_by_address", SIGN_IN_LIMITS.perAddress),
      failureLimiter("sign_in_failures_by_login", Number.MAX_SAFE_INTEGER, 0),
    ]).then(([perAddressAndLogin, perAddress, perLogin]) => ({ perAddressAndLogin, perAddress, perLogin }));
    holder.studyCircleSignInLimiters = Object.assign(limiters, { client });
  }
  return holder.studyCircleSignInLimiters!;
}

/**
 * A failure counter kept in a table of the app's database: `points` failures per 15 minutes,
 * then a wait of `blockSeconds`. Ready once its table exists.
 */
export function failureLimiter(tableName: string, points: number, blockSeconds = 15 * 60): Promise<RateLimiterAbstract> {
  const options = { tableName, points, duration: 15 * 60, blockDuration: blockSeconds };
  const pool = postgresPool();
  if (!pool) return Promise.resolve(new RateLimiterSQLite({ ...options, storeClient: sqliteHandle(), storeType: "better-sqlite3" }));
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres({ ...options, storeClient: pool, storeType: "pool" }, (error?: unknown) =>
      error ? reject(error) : resolve(limiter),
    );
  });
}
