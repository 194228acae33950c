import { NextResponse } from "next/server";
import { findInboxEntry, markInboxRead } from "@/db/inbox";
import { findSession } from "@/db/study-sessions";
import { currentUser } from "@/server/accounts/current-user";

type Context = { params: Promise<{ entryId: string }> };

/**
 * Opens an inbox entry: marks it read and goes to the session it is about (its review once the
 * session has ended). Only the entry's owner gets anywhere; anyone else lands on their inbox.
 */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { entryId } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.redirect(new URL(`/sign-in?callbackUrl=${encodeURIComponent("/inbox")}`, request.url), 303);
  const entry = await findInboxEntry(user.id, entryId);
  if (!entry?.sessionId) return NextResponse.redirect(new URL("/inbox", request.url), 303);
  await markInboxRead(user.id, [entry.id]);
  const session = await findSession(entry.sessionId);
  const base = `/groups/${entry.groupId}/sessions/${entry.sessionId}`;
  return NextResponse.redirect(new URL(session?.status === "ended" ? `${base}/review` : base, request.url), 303);
}
