import type { RateLimiterSQLite } from "rate-limiter-flexible";
import { db } from "./client";
import { failureLimiter } from "./sign-in-limits";

/** Counters of wrong join codes, per person and per network address. */
export type JoinCodeLimiters = { perUser: RateLimiterSQLite; perAddress: RateLimiterSQLite };

const byDatabase = new WeakMap<object, JoinCodeLimiters>();

/**
 * Ten wrong join codes per person in 15 minutes, thirty per address, then a 15-minute wait.
 * A code has 31⁶ possibilities, so this only keeps guessing pointless; kept in the database,
 * so a restart does not reset it.
 */
export function joinCodeLimiters(): JoinCodeLimiters {
  const client = db().$client;
  let limiters = byDatabase.get(client);
  if (!limiters) {
    limiters = { perUser: failureLimiter("join_code_failures_by_user", 10), perAddress: failureLimiter("join_code_failures_by_address", 30) };
    byDatabase.set(client, limiters);
  }
  return limiters;
}
