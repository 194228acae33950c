import { RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { arriveAsGuest, arriveWithAccount, guestHome } from "../db/guests";
import { roleInGroup } from "../db/groups";
import { guestArrivalLimiter, joinCodeLimiters } from "../db/join-code-limits";
import { findSessionByJoinCode } from "../db/study-sessions";
import { AppError } from "../lib/errors";
import { can } from "../lib/roles";
import { waitNeeded } from "./accounts/sign-in";
import { announceGuests } from "./route-bridge";

/** Where a typed join code leads a signed-in person. */
export type JoinOutcome =
  | { kind: "session"; path: string }
  /** Wrong, expired (session ended) or another group's: the same answer, so nothing leaks. */
  | { kind: "unknown" }
  | { kind: "rate_limited"; minutes: number };

/**
 * Resolves a join code for a signed-in person: the session's page when the code belongs to a
 * planned or live session of one of their groups, or to one that takes guests (they join it as
 * a guest, and get nothing else of its group). A guest goes back to their own session, whatever
 * they typed. Every other code counts as a wrong guess, for the person and their address; too
 * many, and no code is looked at for a while.
 */
export async function joinByCode(input: { code: string; userId: string; address: string }): Promise<JoinOutcome> {
  const home = await guestHome(input.userId);
  if (home) return { kind: "session", path: sessionPath(home) };
  const limiters = await joinCodeLimiters();
  const blocked = await waitNeeded([limiters.perUser.get(input.userId), limiters.perAddress.get(input.address)]);
  if (blocked > 0) return rateLimited(blocked);

  const session = await findSessionByJoinCode(input.code);
  if (session && can.joinSession(await roleInGroup(session.groupId, input.userId))) return { kind: "session", path: sessionPath(session) };
  if (session && (await arrivedWithAccount(session.id, input.userId))) return { kind: "session", path: sessionPath(session) };
  return await wrongGuess(limiters, input.userId, input.address);
}

async function arrivedWithAccount(sessionId: string, userId: string): Promise<boolean> {
  try {
    await arriveWithAccount(sessionId, userId);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return false;
    throw error;
  }
  await announceGuests(sessionId);
  return true;
}

function sessionPath(session: { sessionId?: string; id?: string; groupId: string }): string {
  return `/groups/${session.groupId}/sessions/${session.sessionId ?? session.id}`;
}

async function wrongGuess(limiters: Awaited<ReturnType<typeof joinCodeLimiters>>, userId: string, address: string): Promise<JoinOutcome> {
  const after = await Promise.allSettled([limiters.perUser.consume(userId), limiters.perAddress.consume(address)]);
  const rejection = after.find((outcome) => outcome.status === "rejected");
  if (rejection && rejection.reason instanceof RateLimiterRes) return rateLimited(rejection.reason.msBeforeNext);
  return { kind: "unknown" };
}

function rateLimited(milliseconds: number): JoinOutcome {
  return { kind: "rate_limited", minutes: Math.max(1, Math.ceil(milliseconds / 60_000)) };
}

/** What a guest types at /join: the session's code and the name the room will see. */
export const guestArrivalSchema = z.object({
  code: z.string().max(40),
  displayName: z.string().trim().min(1, "Tell the room what to call you.").max(60, "A name can have at most 60 characters."),
  locale: z.enum(["en", "es"]).nullable().catch(null),
});

/**
 * Someone without an account joins with a code and a name: a guest user for that one session,
 * waiting or let in as the session says. A wrong code, or a session that takes no guests, counts
 * as a wrong guess for the address (the same counters as members' codes, in the database, so they
 * hold across nodes); every arrival counts too, so one address cannot fill a session with guests.
 */
export async function joinAsGuest(input: z.infer<typeof guestArrivalSchema> & { address: string }): Promise<{ userId: string; displayName: string }> {
  const [limiters, arrivals] = await Promise.all([joinCodeLimiters(), guestArrivalLimiter()]);
  const blocked = await waitNeeded([limiters.perUser.get(`guest:${input.address}`), limiters.perAddress.get(input.address), arrivals.get(input.address)]);
  if (blocked > 0) throw rateLimitedError(blocked);
  const session = await findSessionByJoinCode(input.code);
  const arrival = session ? await arriveAsGuest({ sessionId: session.id, displayName: input.displayName, locale: input.locale }).catch(refusedAsUnknown) : null;
  if (!session || !arrival) {
    const outcome = await wrongGuess(limiters, `guest:${input.address}`, input.address);
    if (outcome.kind === "rate_limited") throw new AppError("RATE_LIMITED", "Too many wrong codes.", { minutes: outcome.minutes });
    throw new AppError("NOT_FOUND", "No session takes guests with that code.");
  }
  await arrivals.consume(input.address).catch(() => undefined);
  await announceGuests(session.id);
  return { userId: arrival.userId, displayName: input.displayName };
}

function refusedAsUnknown(error: unknown): null {
  if (error instanceof AppError && error.code === "NOT_FOUND") return null;
  throw error;
}

function rateLimitedError(milliseconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60_000));
  return new AppError("RATE_LIMITED", `Too many attempts. Try again in ${minutes} minutes.`, { minutes });
}
