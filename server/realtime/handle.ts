import { RateLimiterMemory } from "rate-limiter-flexible";
import type { z } from "zod";
import { AppError, toErrorBody, type ErrorBody } from "../../lib/errors";
import { clientMessageSchemas, type Ack, type ClientToServerEvents } from "../../lib/protocol";
import { log } from "../log";
import type { LiveSocket } from "./types";

type MessageName = keyof ClientToServerEvents;
type Payload<E extends MessageName> = z.infer<(typeof clientMessageSchemas)[E]>;
type Reply<E extends MessageName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/**
 * Per-member flood control: a burst of 60 messages in 10 seconds, counted per person across
 * their tabs. In-memory on purpose: losing it on restart is harmless.
 */
const floodLimiter = new RateLimiterMemory({ points: 60, duration: 10 });

/**
 * Registers a client message handler that always runs the same chain:
 * rate limit → validate (zod) → handler (which authorises, then writes) → ack.
 * A rejected message gets an ack with a code and a message; the connection stays up.
 */
export function handle<E extends MessageName>(
  socket: LiveSocket,
  name: E,
  handler: (payload: Payload<E>) => Promise<Reply<E>> | Reply<E>,
): void {
  const schema = clientMessageSchemas[name];
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") return;
    const reply = ack as (reply: Ack<Reply<E>>) => void;
    const refuse = (error: ErrorBody) => reply({ ok: false, error });
    try {
      await floodLimiter.consume(socket.data.userId);
    } catch {
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
    } catch (error) {
      if (!(error instanceof AppError)) log.error({ event: "socket.handler_failed", message: name, err: error }, "socket handler failed");
      refuse(toErrorBody(error));
    }
  };
  socket.on(name, listener as never);
}

function describeProblem(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return "The message is malformed.";
  const where = first.path.length ? ` (${first.path.join(".")})` : "";
  return `The message is malformed${where}: ${first.message}`;
}
