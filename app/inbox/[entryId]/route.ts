import { findInboxEntry, markInboxRead } from "@/db/inbox";
import { findSession } from "@/db/study-sessions";
import { currentAccount } from "@/server/accounts/current-user";

type Context = { params: Promise<{ entryId: string }> };

/**
 * Opens an inbox entry: marks it read and goes to the session it is about (its review once the
 * session has ended). Only the entry's owner gets anywhere; anyone else lands on their inbox.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { entryId } = await params;
  const user = await currentAccount();
  if (!user) return goTo(`/sign-in?callbackUrl=${encodeURIComponent("/inbox")}`);
  const entry = await findInboxEntry(user.id, entryId);
  if (!entry?.sessionId) return goTo("/inbox");
  await markInboxRead(user.id, [entry.id]);
  const session = await findSession(entry.sessionId);
  const base = `/groups/${entry.groupId}/sessions/${entry.sessionId}`;
  return goTo(session?.status === "ended" ? `${base}/review` : base);
}

// A relative Location keeps the browser on the address it used (behind a proxy the request's own URL may name another host).
function goTo(path: string): Response {
  return new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}
