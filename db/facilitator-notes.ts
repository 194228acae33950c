import { and, eq } from "drizzle-orm";
import { db } from "./client";
import { facilitatorNotes } from "./schema";

/** A facilitator's private notes for a session ("" when none). */
export async function readFacilitatorNotes(sessionId: string, userId: string): Promise<string> {
  return (
    (
      await db()
        .select({ body: facilitatorNotes.body })
        .from(facilitatorNotes)
        .where(and(eq(facilitatorNotes.sessionId, sessionId), eq(facilitatorNotes.userId, userId)))
    )[0]?.body ?? ""
  );
}

/** Saves a facilitator's private notes for a session. */
export async function writeFacilitatorNotes(sessionId: string, userId: string, body: string): Promise<void> {
  const updatedAt = new Date();
  await db()
    .insert(facilitatorNotes)
    .values({ sessionId, userId, body, updatedAt })
    .onConflictDoUpdate({ target: [facilitatorNotes.sessionId, facilitatorNotes.userId], set: { body, updatedAt } });
}
