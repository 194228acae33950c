/**
 * A stand-in for one app node in the concurrency test: applies `count` annotation operations
 * to one session through the node's write path (group commit, then the operation's own transaction), on whichever engine DATABASE_URL /
 * DATABASE_FILE points at, and prints how many it applied.
 */
import { sessionWrites } from "../../server/realtime/write-batch";
import { applyOperation } from "../session-operations";
import { closeDatabase } from "../client";

const [sessionId, groupId, actorId, text, prefix, count] = process.argv.slice(2);
const actor = { id: actorId!, name: "Writer", role: "member" as const };
const session = { id: sessionId!, groupId: groupId!, status: "live" as const, text: text! };

const writes = Array.from({ length: Number(count) }, (_, index) =>
  sessionWrites.run(() =>
    applyOperation({
      session,
      actor,
      clientOpId: `${prefix}-${index}-0123456789`,
      operation: {
        type: "annotation.create",
        annotationId: `${prefix}-a${index}`,
        kind: "key_point",
        visibility: "shared",
        passage: { start: 0, end: 4, exact: text!.slice(0, 4) },
        body: "",
      },
    }),
  ),
);
const applied = await Promise.all(writes);
await closeDatabase();
process.stdout.write(`${applied.filter((outcome) => !outcome.duplicate).length}\n`);
