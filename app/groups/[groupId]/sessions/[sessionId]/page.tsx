import { notFound } from "next/navigation";
import { roleInGroup } from "@/db/groups";
import { guestStanding } from "@/db/guests";
import { findSession } from "@/db/study-sessions";
import { requireUser } from "@/server/accounts/guards";
import { GuestNotice } from "./guest-notice";
import { SessionView } from "./session-view";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

/** A member's role, or a guest's standing in this session; anyone else gets the 404 page. */
async function access(groupId: string, sessionId: string) {
  const user = await requireUser(`/groups/${groupId}/sessions/${sessionId}`);
  const session = await findSession(sessionId);
  if (!session || session.groupId !== groupId) notFound();
  const member = (await roleInGroup(groupId, user.id)) !== null;
  const standing = member ? null : await guestStanding(sessionId, user.id);
  if (!member && !standing) notFound();
  return { user, session, standing };
}

export async function generateMetadata({ params }: Params) {
  const { groupId, sessionId } = await params;
  const { session } = await access(groupId, sessionId);
  return { title: session.title };
}

async function SessionPage({ params }: Params) {
  const { groupId, sessionId } = await params;
  const { user, session, standing } = await access(groupId, sessionId);
  if (standing && standing !== "admitted")
    return <GuestNotice standing={standing} sessionTitle={session.title} sessionId={sessionId} sessionPath={`/groups/${groupId}/sessions/${sessionId}`} user={user} />;
  return <SessionView groupId={groupId} sessionId={sessionId} mode="meeting" />;
}

export default withClientMessages(
  ["agenda", "annotations", "common", "errors", "formErrors", "formFields", "guests", "liveRefusal", "moveSession", "prepare", "session", "sessionEditions", "thread"],
  SessionPage,
);
