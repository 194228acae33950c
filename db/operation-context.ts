import { AppError } from "../lib/errors";
import type { Operation, SessionEventView } from "../lib/protocol";
import type { SessionRole } from "../lib/roles";
import type { SessionStatusName } from "../lib/session-status";
import type { PendingItem } from "./new-items";
import type { Transaction } from "./session-events";

/** Who is making a change, and their role in the session's group. */
export type Actor = { id: string; name: string; role: SessionRole };

/**
 * The session an operation targets, with the canonical text its passages count in: the
 * original's, and on demand an edition's (by the edition's id; undefined when the article has none such).
 */
export type SessionContext = { id: string; groupId: string; status: SessionStatusName; text: string; editionText?: (editionId: string) => Promise<string | undefined> };

/** The canonical text a passage's offsets count in: the original's, or that of the edition it names. */
export async function passageText(session: SessionContext, passage: { edition?: string | undefined }): Promise<string> {
  if (passage.edition === undefined) return session.text;
  const text = await session.editionText?.(passage.edition);
  if (text === undefined) throw new AppError("NOT_FOUND", "This article has no such edition.");
  return text;
}

/** Who may see an event. */
export type Audience = "everyone" | "author" | "facilitators" | "author_and_facilitators";

/** What an applied operation adds to the log: its type, the new state, and who may see it. */
export type Change = {
  type: string;
  payload: Omit<SessionEventView, "seq" | "type" | "actorId" | "at">;
  audience: Audience;
  /** The member an author-only event belongs to. */
  privateTo: string | null;
  /** PostgreSQL: the new item's insert, sent with the event (db/new-items.ts); SQLite inserted it already. */
  item?: PendingItem | undefined;
};

/** Everything an operation handler needs, inside the operation's transaction. */
export type ChangeInput<T extends Operation["type"] = Operation["type"]> = {
  tx: Transaction;
  session: SessionContext;
  actor: Actor;
  operation: Extract<Operation, { type: T }>;
  now: Date;
  /** The sequence number the event will get. */
  seq: number;
};

/** Whether a role runs meetings (facilitators and owners). */
export function facilitates(role: SessionRole): boolean {
  return role === "owner" || role === "facilitator";
}
