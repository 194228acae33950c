import { RateLimiterRes } from "rate-limiter-flexible";
import { roleInGroup } from "../db/groups";
import { joinCodeLimiters } from "../db/join-code-limits";
import { findSessionByJoinCode } from "../db/study-sessions";
import { can } from "../lib/roles";
import { waitNeeded } from "./accounts/sign-in";

/** Where a typed join code leads a signed-in person. */
export type JoinOutcome =
  | { kind: "session"; path: string }
  /** Wrong, expired (session ended) or another group's: the same answer, so nothing leaks. */
  | { kind: "unknown" }
  | { kind: "rate_limited"; minutes: number };

/**
 * Resolves a join code for a signed-in person: the session's page when the code belongs to a
 * planned or live session of one of their groups. Every other code counts as a wrong guess,
 * for the person and their address; too many, and no code is looked at for a while.
 */
export async function joinByCode(input: { code: string; userId: string; address: string }): Promise<JoinOutcome> {
  const limiters = await joinCodeLimiters();
  const blocked = await waitNeeded([limiters.perUser.get(input.userId), limiters.perAddress.get(input.address)]);
  if (blocked > 0) return rateLimited(blocked);

  const session = await findSessionByJoinCode(input.code);
  if (session && can.joinSession(await roleInGroup(session.groupId, input.userId))) {
    return { kind: "session", path: `/groups/${session.groupId}/sessions/${session.id}` };
  }
  const after = await Promise.allSettled([limiters.perUser.consume(input.userId), limiters.perAddress.consume(input.address)]);
  const rejection = after.find((outcome) => outcome.status === "rejected");
  if (rejection && rejection.reason instanceof RateLimiterRes) return rateLimited(rejection.reason.msBeforeNext);
  return { kind: "unknown" };
}

function rateLimited(milliseconds: number): JoinOutcome {
  return { kind: "rate_limited", minutes: Math.max(1, Math.ceil(milliseconds / 60_000)) };
}
