import { inboxRecipients } from "../../db/inbox";
import type { InboxKind } from "../../lib/inbox/kinds";
import { log } from "../log";
import { userRoom, type LiveServer } from "./types";

/** Tells people, on whichever page and node they are, that something arrived in their inbox. */
export function tellInboxes(io: LiveServer, news: { userId: string; kind: InboxKind }[]): void {
  for (const { userId, kind } of news) io.to(userRoom(userId)).emit("inbox:new", { kind });
}

/**
 * After an operation committed: tells whoever it put something in the inbox of. The entries are
 * already stored, so a failure here only delays the news until the member's next page load.
 */
export async function tellInboxesAbout(io: LiveServer, sessionId: string, seq: number): Promise<void> {
  try {
    tellInboxes(io, await inboxRecipients(sessionId, seq));
  } catch (error) {
    log.warn({ event: "inbox.tell_failed", sessionId, seq, err: error }, "inbox news not sent live");
  }
}
