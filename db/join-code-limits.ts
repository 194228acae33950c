import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { postgresPool, sqliteHandle } from "./client";
import { failureLimiter } from "./sign-in-limits";

/** Counters of wrong join codes, per person and per network address. */
export type JoinCodeLimiters = { perUser: RateLimiterAbstract; perAddress: RateLimiterAbstract };

const byDatabase = new WeakMap<object, Promise<JoinCodeLimiters>>();

/**
 * Ten wrong join codes per person in 15 minutes, thirty per address, then a 15-minute wait.
 * A code has 31⁶ possibilities, so this only keeps guessing pointless; kept in the database,
 * so a restart does not reset it and every node counts alike.
 */
export function joinCodeLimiters(): Promise<JoinCodeLimiters> {
  const client = (postgresPool() ?? sqliteHandle())!;
  let limiters = byDatabase.get(client);
  if (!limiters) {
    limiters = Promise.all([failureLimiter("join_code_failures_by_user", 10), failureLimiter("join_code_failures_by_address", 30)]).then(([perUser, perAddress]) => ({
      perUser,
      perAddress,
    }));
    byDatabase.set(client, limiters);
  }
  return limiters;
}

const arrivalsByDatabase = new WeakMap<object, Promise<RateLimiterAbstract>>();

/**
 * Guests let in from one network address: a hundred in 15 minutes (a whole room on one Wi-Fi
 * fits), then a 15-minute wait; kept in the database like the join-code counters.
 */
export function guestArrivalLimiter(): Promise<RateLimiterAbstract> {
  const client = (postgresPool() ?? sqliteHandle())!;
  let limiter = arrivalsByDatabase.get(client);
  if (!limiter) {
    limiter = failureLimiter("guest_arrivals_by_address", 100);
    arrivalsByDatabase.set(client, limiter);
  }
  return limiter;
}
