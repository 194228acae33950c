import { and, eq } from "drizzle-orm";
import { db } from "./client";
import { facilitatorNotes } from "./schema";

/** A facilitator's private notes for a session ("" when none). */
export function readFacilitatorNotes(sessionId: string, userId: string): string {
  return db()
    .select({ body: facilitatorNotes.body })
    .from(facilitatorNotes)
    .where(and(eq(facilitatorNotes.sessionId, sessionId), eq(facilitatorNotes.userId, userId)))
    .get()?.body ?? "";
}

/** Saves a facilitator's private notes for a session. */
export function writeFacilitatorNotes(sessionId: string, userId: string, body: string): void {
  const updatedAt = new Date();
  db()
    .insert(facilitatorNotes)
    .values({ sessionId, userId, body, updatedAt })
    .onConflictDoUpdate({ target: [facilitatorNotes.sessionId, facilitatorNotes.userId], set: { body, updatedAt } })
    .run();
}
