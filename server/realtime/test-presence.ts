import type { Socket } from "socket.io-client";
import { membersOf } from "../../lib/presence/changes";
import { PresenceReader } from "../../lib/presence/wire";
import { presenceChangesSchema, presenceDeltaSchema, type Ack, type PresenceChanges, type PresentMember, type SessionJoined } from "../../lib/protocol";

/**
 * For tests: what one socket knows of who is in a session, as the page keeps it — the list of
 * its join acknowledgement, then every presence message applied in order (each raw message is
 * kept too, to count them).
 */
export function watchPresence(socket: Socket, sessionId: string) {
  const reader = new PresenceReader();
  const messages: PresenceChanges[] = [];
  const waiters = new Set<() => boolean>();
  socket.on("presence", (message: PresenceChanges) => {
    if (message.sessionId !== sessionId) return;
    // Every message the server sends must be one the protocol allows.
    const { sessionId: _about, ...delta } = presenceChangesSchema.parse(message);
    messages.push(message);
    reader.apply(delta);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    messages,
    members: () => membersOf(reader.view),
    /** The number the room's messages name a person by. */
    numberOf: (userId: string) => reader.numberOf(userId),
    names: () => membersOf(reader.view).map((each) => each.displayName),
    userIds: () =>
      membersOf(reader.view)
        .map((each) => each.userId)
        .sort(),
    /** Joins the session and starts from the acknowledgement's list. */
    async join(): Promise<Ack<SessionJoined>> {
      const reply = (await socket.timeout(10_000).emitWithAck("session:join", { sessionId })) as Ack<SessionJoined>;
      if (reply.ok) reader.reset(presenceDeltaSchema.parse(reply.data.presence));
      return reply;
    },
    /** Resolves once the list satisfies `predicate` (at once if it already does); rejects after `timeoutMs`. */
    until(predicate: (members: PresentMember[]) => boolean, timeoutMs = 5000): Promise<PresentMember[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(membersOf(reader.view))) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(membersOf(reader.view));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`presence never matched; last seen: ${JSON.stringify(membersOf(reader.view))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
