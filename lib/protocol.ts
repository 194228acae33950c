import { z } from "zod";
import { errorCodes, type ErrorBody } from "./errors";
import { roles } from "./roles";

/**
 * The wire protocol between the browser and the live server: every message in both
 * directions, as zod schemas with inferred types. docs/protocol.md shows an example of each.
 */
export const PROTOCOL_VERSION = 1;

/** Largest socket message the server accepts, far below Socket.IO's 1 MB default. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The Socket.IO path the server listens on. */
export const SOCKET_PATH = "/socket.io";

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "must be an id");

/** Client → server: enter a study session's room. */
export const sessionJoinSchema = z.strictObject({ sessionId: id });
/** Client → server: leave a study session's room. */
export const sessionLeaveSchema = z.strictObject({ sessionId: id });

/** A client-generated operation id: the same id sent twice is applied once. */
export const clientOpIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, "must be an operation id");

/** Client → server (facilitators): start or end a study session. */
export const sessionSetStatusSchema = z.strictObject({
  sessionId: id,
  clientOpId: clientOpIdSchema,
  status: z.enum(["live", "ended"]),
});

/** One person present in a session (several tabs of one person count once). */
export const presentMemberSchema = z.strictObject({
  userId: id,
  displayName: z.string(),
  role: z.enum(roles),
});

/** Server → client: who is in a session's room right now. */
export const presenceSchema = z.strictObject({
  sessionId: id,
  members: z.array(presentMemberSchema),
});

/** Server → client: sent once after connecting, so an outdated client can tell the user to reload. */
export const helloSchema = z.strictObject({
  protocolVersion: z.number().int(),
  userId: id,
});

/** Server → client: the session's status changed (planned → live → ended). */
export const sessionStatusSchema = z.strictObject({
  sessionId: id,
  seq: z.number().int(),
  status: z.enum(["planned", "live", "ended"]),
});

export type SessionJoin = z.infer<typeof sessionJoinSchema>;
export type SessionLeave = z.infer<typeof sessionLeaveSchema>;
export type SessionSetStatus = z.infer<typeof sessionSetStatusSchema>;
export type PresentMember = z.infer<typeof presentMemberSchema>;
export type Presence = z.infer<typeof presenceSchema>;
export type Hello = z.infer<typeof helloSchema>;
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

/** Reply to a joined session: who is here already. */
export type SessionJoined = { sessionId: string; members: PresentMember[] };

/** Every acknowledgement: a result, or an error with a code and a human message. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Validates an acknowledgement's error part (the client trusts nothing either). */
export const ackErrorSchema = z.strictObject({
  code: z.enum(errorCodes),
  message: z.string(),
});

/** Messages a client sends, each with its acknowledgement. */
export interface ClientToServerEvents {
  "session:join": (payload: SessionJoin, ack: (reply: Ack<SessionJoined>) => void) => void;
  "session:leave": (payload: SessionLeave, ack: (reply: Ack<null>) => void) => void;
  "session:setStatus": (payload: SessionSetStatus, ack: (reply: Ack<{ seq: number }>) => void) => void;
}

/** Messages the server sends. */
export interface ServerToClientEvents {
  hello: (payload: Hello) => void;
  presence: (payload: Presence) => void;
  "session:status": (payload: SessionStatus) => void;
}

/** The schema that validates each client message's payload. */
export const clientMessageSchemas = {
  "session:join": sessionJoinSchema,
  "session:leave": sessionLeaveSchema,
  "session:setStatus": sessionSetStatusSchema,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;
