import type { Operation, Snapshot } from "../lib/protocol";
import { applyAnnotationChange, annotationsSnapshot, type AnnotationLayerOperation } from "./annotations";
import { inPipelinedBatch, readConsistent, transaction } from "./client";
import { applyMeetingChange, meetingSnapshot, type MeetingOperation } from "./meeting";
import { recordInboxItems, type InboxNews } from "./inbox";
import { facilitates, type Actor, type Change, type ChangeInput, type SessionContext } from "./operation-context";
import { appendSessionEvent, lastSessionSeq, openSessionLog, operationDigest, type SessionEvent } from "./session-events";
import { applyThreadChange, threadSnapshot, type ThreadOperation } from "./thread";

/** The outcome of an operation: the logged event, whether it was a resend, and whose inbox it put something in (nobody's for a resend). */
export type AppliedOperation = { event: SessionEvent; duplicate: boolean; told: InboxNews };

/**
 * Applies one member operation to a study session: in a single transaction it recognises a
 * resend, authorises, updates the current state and appends the event to the log. Only
 * after this returns (the transaction committed) may the server acknowledge it.
 */
export async function applyOperation(input: { session: SessionContext; actor: Actor; clientOpId: string; operation: Operation; at?: Date }): Promise<AppliedOperation> {
  const { session, actor } = input;
  const { event, duplicate, told } = await applyAuthorisedOperation({ ...input, sessionId: session.id, actorId: actor.id, authorise: async () => ({ session, actor }) });
  return { event, duplicate, told };
}

/**
 * Who may make a change to which session, as the sender's authorisation found them; with
 * `lastSeq`, the log's last number as the authorisation read it inside the operation's
 * transaction, which on SQLite (one writer) is the log's current end: the log's counter is then
 * not read again.
 */
export type Authorised = { session: SessionContext; actor: Actor; lastSeq?: number };

/**
 * `applyOperation` for a sender authorised inside the same transaction: `authorise` reads the
 * session and the sender's role (and refuses them) while the session's log is opened. In a
 * pipelined group-commit batch (PostgreSQL) the two go side by side, in one round trip; the
 * log is then locked even for a sender who is refused, until the transaction ends, which tells
 * them nothing: their refusal is answered first, before anything the log holds.
 */
export async function applyAuthorisedOperation<A extends Authorised>(input: {
  sessionId: string;
  actorId: string;
  clientOpId: string;
  operation: Operation;
  at?: Date;
  authorise: () => Promise<A>;
}): Promise<AppliedOperation & { authorised: A }> {
  const { sessionId, actorId, clientOpId, operation } = input;
  return transaction(async (tx) => {
    const digest = operationDigest(operation);
    const openLog = (knownLastSeq?: number) => openSessionLog({ sessionId, clientOpId, actorId, digest, knownLastSeq });
    const { authorised, log } = await authoriseThenOpen(input.authorise, openLog);
    const { session, actor } = authorised;
    if (log.previous) return { event: log.previous, duplicate: true, told: [], authorised };
    const seq = log.lastSeq + 1;
    // `at` lets seeds, imports and benchmarks write history with its own times; live operations use now.
    const now = input.at ?? new Date();
    const change = await dispatch({ tx, session, actor, operation, now, seq });
    const told = await recordInboxItems(tx, { session, actor, operation, seq, now });
    const event = await appendSessionEvent(tx, {
      sessionId,
      clientOpId,
      actorId,
      digest,
      at: now,
      type: change.type,
      payload: change.payload,
      audience: change.audience,
      privateTo: change.privateTo,
      seq,
    });
    return { event, duplicate: false, told, authorised };
  });
}

type OpenedLog = Awaited<ReturnType<typeof openSessionLog>>;

/** The sender's authorisation, then the opened log: side by side in a pipelined batch, else one after the other. */
async function authoriseThenOpen<A extends Authorised>(
  authorise: () => Promise<A>,
  openLog: (knownLastSeq?: number) => Promise<OpenedLog>,
): Promise<{ authorised: A; log: OpenedLog }> {
  if (!inPipelinedBatch()) {
    const authorised = await authorise();
    return { authorised, log: await openLog(authorised.lastSeq) };
  }
  const [authorised, log] = await Promise.allSettled([authorise(), openLog()]);
  if (authorised.status === "rejected") throw authorised.reason;
  if (log.status === "rejected") throw log.reason;
  return { authorised: authorised.value, log: log.value };
}

/** Routes an operation to the part of the session it changes, by the prefix of its type. */
async function dispatch(input: ChangeInput): Promise<Change> {
  const area = input.operation.type.split(".")[0];
  if (area === "annotation" || area === "reply") return await applyAnnotationChange(input as ChangeInput<AnnotationLayerOperation>);
  if (area === "message") return await applyThreadChange(input as ChangeInput<ThreadOperation>);
  return await applyMeetingChange(input as ChangeInput<MeetingOperation>);
}

/**
 * Everything about a session one member may see now, with the sequence number it is current
 * to. `layer: false` leaves the annotations and their replies out: the session page paints
 * without them and fetches them afterwards (`annotationLayer`).
 */
export async function sessionSnapshot(sessionId: string, viewer: { id: string; role: Actor["role"] }, options: { layer?: boolean } = {}): Promise<Snapshot> {
  return await readConsistent(async (tx) => {
    const lastSeq = await lastSessionSeq(sessionId);
    return {
      ...(options.layer === false ? { annotations: [], replies: [] } : await annotationsSnapshot(tx, sessionId, viewer.id)),
      messages: await threadSnapshot(tx, sessionId),
      ...(await meetingSnapshot(tx, sessionId, { id: viewer.id, facilitator: facilitates(viewer.role) }, lastSeq)),
      lastSeq,
    };
  });
}

/** The annotation layer (annotations and their replies) one member may see now, with the sequence number it is current to. */
export async function annotationLayer(sessionId: string, viewerId: string): Promise<Pick<Snapshot, "annotations" | "replies" | "lastSeq">> {
  return await readConsistent(async (tx) => {
    const lastSeq = await lastSessionSeq(sessionId);
    return { ...(await annotationsSnapshot(tx, sessionId, viewerId)), lastSeq };
  });
}
