import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { z } from "zod";
import { asUnavailable } from "../../db/client";
import { AppError, toErrorBody, type ErrorBody } from "../../lib/errors";
import { clientMessageSchemas, type Ack, type ClientToServerEvents } from "../../lib/protocol";
import { log } from "../log";
import type { LiveSocket } from "./types";

type MessageName = keyof ClientToServerEvents;
type Payload<E extends MessageName> = z.infer<(typeof clientMessageSchemas)[E]>;
type Reply<E extends MessageName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** Per-member flood control: a burst of 60 messages in 10 seconds, counted per person across their tabs. */
const FLOOD_LIMIT = { points: 60, duration: 10 };

/** In memory while one node runs: losing the counts on restart is harmless. */
let floodLimiter: RateLimiterAbstract = new RateLimiterMemory(FLOOD_LIMIT);

/**
 * With several nodes, a member's tabs may sit on different nodes, so the counts live in Redis.
 * While Redis is unreachable each node counts alone (the insurance limiter), so a flood is still
 * refused, at worst with one allowance per node.
 */
export function shareFloodLimits(redis: Redis): void {
  floodLimiter = new RateLimiterRedis({
    ...FLOOD_LIMIT,
    storeClient: redis,
    keyPrefix: "flood",
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(FLOOD_LIMIT),
  });
}

/** Whether the member may send one more message now. */
async function withinFloodLimit(userId: string): Promise<boolean> {
  try {
    await floodLimiter.consume(userId);
    return true;
  } catch (outcome) {
    // The limiter rejects with a RateLimiterRes when the member is over the limit; anything else is a store failure.
    if (outcome instanceof RateLimiterRes) return false;
    log.warn({ event: "socket.flood_limit_failed", err: outcome }, "flood limit store failed; message let through");
    return true;
  }
}

/**
 * Registers a client message handler that always runs the same chain:
 * rate limit → validate (zod) → handler (which authorises, then writes) → ack.
 * A rejected message gets an ack with a code and a message; the connection stays up.
 */
export function handle<E extends MessageName>(socket: LiveSocket, name: E, handler: (payload: Payload<E>) => Promise<Reply<E>> | Reply<E>): void {
  const schema = clientMessageSchemas[name];
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") {
      socket.emit("refused", { event: name, error: { code: "BAD_REQUEST", message: "Every message needs an acknowledgement callback." } });
      return;
    }
    const reply = ack as (reply: Ack<Reply<E>>) => void;
    const refuse = (error: ErrorBody) => reply({ ok: false, error });
    if (!(await withinFloodLimit(socket.data.userId))) {
      refuse({ code: "RATE_LIMITED", message: "You are sending too fast. Wait a moment and try again." });
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      refuse({ code: "BAD_REQUEST", message: describeProblem(parsed.error) });
      return;
    }
    try {
      reply({ ok: true, data: await handler(parsed.data as Payload<E>) });
    } catch (thrown) {
      // A read outside a transaction (authorisation, catch-up) may meet a lost database connection too: that is UNAVAILABLE, never INTERNAL.
      const error = asUnavailable(thrown);
      refuse(error instanceof AppError ? toErrorBody(error) : reportInternal(socket, name, parsed.data, error));
    }
  };
  socket.on(name, listener as never);
}

/**
 * Logs an unexpected failure with an id of its own, the member, the session and the operation,
 * and answers INTERNAL with the same id: a member who reports it points at that one log line.
 */
function reportInternal(socket: LiveSocket, name: MessageName, payload: unknown, error: unknown): ErrorBody {
  const errorId = randomUUID();
  const { sessionId, clientOpId, operation } = (payload ?? {}) as { sessionId?: string; clientOpId?: string; operation?: { type?: string } };
  log.error(
    { event: "socket.handler_failed", errorId, message: name, userId: socket.data.userId, sessionId, clientOpId, operation: operation?.type, err: error },
    "socket handler failed",
  );
  return { code: "INTERNAL", message: `Something went wrong on the server (error id ${errorId}).`, details: { errorId } };
}

/**
 * Answers every message no handler knows with UNKNOWN_MESSAGE (through its acknowledgement,
 * or a `refused` message when it has none), so a client never waits on silence. It counts
 * against the same flood limit as every other message.
 */
export function answerUnknownMessages(socket: LiveSocket): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (!Object.hasOwn(clientMessageSchemas, event)) void refuseUnknown(socket, event, args.at(-1));
  });
}

async function refuseUnknown(socket: LiveSocket, event: string, ack: unknown): Promise<void> {
  const name = event.slice(0, 64);
  const error: ErrorBody = (await withinFloodLimit(socket.data.userId))
    ? { code: "UNKNOWN_MESSAGE", message: `The server does not know the message "${name}". Reload the page to get the current app.` }
    : { code: "RATE_LIMITED", message: "You are sending too fast. Wait a moment and try again." };
  if (typeof ack === "function") (ack as (reply: Ack<never>) => void)({ ok: false, error });
  else socket.emit("refused", { event: name, error });
}

function describeProblem(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "The message is malformed.";
  const where = first.path.length ? ` (${first.path.join(".")})` : "";
  return `The message is malformed${where}: ${first.message}`;
}
