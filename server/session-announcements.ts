import { tellGroupAboutSession } from "../db/inbox";
import { tellInboxes } from "./route-bridge";

/** Puts a scheduled or moved session in every other member's inbox, and tells those online at once. */
export async function announceSession(input: { sessionId: string; kind: "session_scheduled" | "session_moved"; actorId: string }): Promise<void> {
  const told = await tellGroupAboutSession(input);
  tellInboxes(told.map((userId) => ({ userId, kind: input.kind })));
}
