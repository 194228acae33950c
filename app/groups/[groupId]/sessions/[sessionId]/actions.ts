"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { writeFacilitatorNotes } from "@/db/facilitator-notes";
import { roleInGroup } from "@/db/groups";
import { findSession, moveSession } from "@/db/study-sessions";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/roles";
import { currentUser } from "@/server/accounts/current-user";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { announceSession } from "@/server/session-announcements";

/** The signed-in person, the session and their role in its group; anyone else learns nothing (NOT_FOUND). */
async function sessionMember(sessionId: string) {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  const session = await findSession(sessionId);
  const role = session ? await roleInGroup(session.groupId, user.id) : null;
  if (!session || !role) throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
  return { user, session, role };
}

const notesSchema = z.object({ notes: z.string().max(20_000, "Notes can have at most 20,000 characters.") });

/** Saves the signed-in facilitator's private notes for a session. */
export async function saveFacilitatorNotesAction(sessionId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { user, role } = await sessionMember(sessionId);
    if (!can.runSession(role)) throw new AppError("FORBIDDEN", "Only facilitators keep notes for a session.");
    await writeFacilitatorNotes(sessionId, user.id, parseForm(notesSchema, formData).notes);
    return { ok: true };
  });
}

const moveSchema = z.object({ scheduledAt: z.iso.datetime({ message: "Choose a date and time." }) });

/** Moves a planned session to another time and tells the group. */
export async function moveSessionAction(sessionId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { user, session, role } = await sessionMember(sessionId);
    if (!can.scheduleSession(role)) throw new AppError("FORBIDDEN", "Only facilitators can move a session.");
    await moveSession({ sessionId, scheduledAt: new Date(parseForm(moveSchema, formData).scheduledAt) });
    await announceSession({ sessionId, kind: "session_moved", actorId: user.id });
    revalidatePath(`/groups/${session.groupId}/sessions/${sessionId}`, "layout");
    return { ok: true };
  });
}
