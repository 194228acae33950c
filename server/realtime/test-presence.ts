import type { Socket } from "socket.io-client";
import { applyChanges, membersOf, viewOf, type PresenceView } from "../../lib/presence/changes";
import type { Ack, PresenceChanges, PresentMember, SessionJoined } from "../../lib/protocol";

/**
 * For tests: what one socket knows of who is in a session, as the page keeps it — the list of
 * its join acknowledgement, then every presence message applied in order (each raw message is
 * kept too, to count them).
 */
export function watchPresence(socket: Socket, sessionId: string) {
  let view: PresenceView = new Map();
  const messages: PresenceChanges[] = [];
  const waiters = new Set<() => boolean>();
  socket.on("presence", (message: PresenceChanges) => {
    if (message.sessionId !== sessionId) return;
    const { sessionId: _about, ...changes } = message;
    messages.push(message);
    view = applyChanges(view, changes);
    for (const waiter of [...waiters]) waiter();
  });
  return {
    messages,
    members: () => membersOf(view),
    names: () => membersOf(view).map((each) => each.displayName),
    userIds: () =>
      membersOf(view)
        .map((each) => each.userId)
        .sort(),
    /** Joins the session and starts from the acknowledgement's list. */
    async join(): Promise<Ack<SessionJoined>> {
      const reply = (await socket.timeout(10_000).emitWithAck("session:join", { sessionId })) as Ack<SessionJoined>;
      if (reply.ok) view = viewOf(reply.data.members);
      return reply;
    },
    /** Resolves once the list satisfies `predicate` (at once if it already does); rejects after `timeoutMs`. */
    until(predicate: (members: PresentMember[]) => boolean, timeoutMs = 5000): Promise<PresentMember[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(membersOf(view))) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(membersOf(view));
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`presence never matched; last seen: ${JSON.stringify(membersOf(view))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
