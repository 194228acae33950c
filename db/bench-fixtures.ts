import { renderComment } from "../lib/markdown/comment";
import { transaction } from "./client";
import { messages, sessionEvents, studySessions } from "./schema";
import { eq } from "drizzle-orm";

/**
 * Writes many thread messages at once for benchmarks: the same rows and log entries the
 * live path writes (so the search triggers index them), in one transaction instead of one
 * per message. Not for application code.
 */
export async function insertBenchMessages(sessionId: string, rows: { id: string; authorId: string; authorName: string; body: string; at: Date }[]): Promise<void> {
  await transaction(async (tx) => {
    let seq = (await tx.select({ lastSeq: studySessions.lastSeq }).from(studySessions).where(eq(studySessions.id, sessionId)))[0]?.lastSeq ?? 0;
    for (const row of rows) {
      seq += 1;
      const bodyHtml = renderComment(row.body);
      await tx
        .insert(messages)
        .values({ id: row.id, sessionId, parentId: null, authorId: row.authorId, body: row.body, bodyHtml, quote: null, mentions: [], reactions: {}, createdAt: row.at, seq });
      const message = {
        id: row.id,
        parentId: null,
        authorId: row.authorId,
        authorName: row.authorName,
        body: row.body,
        bodyHtml,
        quote: null,
        mentions: [],
        reactions: {},
        createdAt: row.at.getTime(),
        editedAt: null,
        deleted: false,
        seq,
      };
      await tx
        .insert(sessionEvents)
        .values({ sessionId, seq, clientOpId: `bench-${row.id}`, actorId: row.authorId, type: "message.create", payload: { message }, createdAt: row.at });
    }
    await tx.update(studySessions).set({ lastSeq: seq }).where(eq(studySessions.id, sessionId));
  });
}
