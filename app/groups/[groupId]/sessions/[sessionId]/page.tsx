import { findSession } from "@/db/study-sessions";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { SessionView } from "./session-view";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}`);
  await requireMembership(groupId, user);
  const session = await findSession(sessionId);
  return { title: session?.groupId === groupId ? session.title : undefined };
}

export default async function SessionPage({ params }: Params) {
  const { groupId, sessionId } = await params;
  return <SessionView groupId={groupId} sessionId={sessionId} mode="meeting" />;
}
