/**
 * The protocol's plain values, apart from its zod schemas (`lib/protocol.ts` re-exports them):
 * the browser imports these without loading zod, which the session page fetches only once it is
 * idle, to check a change before queueing it.
 */

/** The version of this protocol; a page sends it when it connects (see OLDEST_PROTOCOL_VERSION in lib/protocol.ts). */
export const PROTOCOL_VERSION = 3;

/** Largest socket message the server accepts, far below Socket.IO's 1 MB default. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The Socket.IO path the server listens on. */
export const SOCKET_PATH = "/socket.io";

/** The fixed set of reactions to a thread message. */
export const reactions = ["thumbs_up", "heart", "laugh", "thinking", "clap"] as const;

/** The answers of a passage poll. */
export const pollChoices = ["agree", "disagree", "unsure"] as const;
