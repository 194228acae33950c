import { AppError } from "../lib/errors";
import type { Operation, Snapshot } from "../lib/protocol";
import type { SessionRole } from "../lib/roles";
import { applyAnnotationChange, annotationsSnapshot, type AnnotationLayerOperation } from "./annotations";
import { databaseEngine, db, readConsistent, transaction } from "./client";
import { operationSessionWithRole, type OperationSession } from "./guests";
import { applyMeetingChange, meetingSnapshot, type MeetingOperation } from "./meeting";
import { recordInboxItems, type InboxNews } from "./inbox";
import { facilitates, type Actor, type Change, type ChangeInput, type SessionContext } from "./operation-context";
import { appendSessionEvent, lastSessionSeq, lockSessionLog, operationDigest, previousOutcome, type SessionEvent } from "./session-events";
import { openOperationPostgres } from "./session-log-postgres";
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

/** Who may make a change to which session, as the sender's authorisation found them. */
export type Authorised = { session: SessionContext; actor: Actor };

/**
 * The session an operation targets and the sender's role in it (`roleInSession`), read inside
 * the operation's transaction; undefined when there is no such session.
 */
export type FoundSession = { session: OperationSession; role: SessionRole | null } | undefined;

/**
 * `applyOperation` for a sender authorised inside the same transaction: the session and the
 * sender's role are read as the session's log is opened, and `authorise` decides (and refuses
 * them) before anything the log holds is looked at, so a refused sender hears their refusal
 * first. On PostgreSQL the reading and the opening are one statement, which locks the log even
 * for a sender who is refused, until the transaction ends; that tells them nothing.
 */
export async function applyAuthorisedOperation<A extends Authorised>(input: {
  sessionId: string;
  actorId: string;
  clientOpId: string;
  operation: Operation;
  at?: Date;
  authorise: (found: FoundSession) => Promise<A>;
}): Promise<AppliedOperation & { authorised: A }> {
  const { sessionId, actorId, clientOpId, operation } = input;
  return transaction(async (tx) => {
    const digest = operationDigest(operation);
    const opened = await openOperation({ sessionId, clientOpId, actorId, digest });
    const authorised = await input.authorise(opened.found);
    const log = await opened.log();
    const { session, actor } = authorised;
    if (log.previous) return { event: log.previous, duplicate: true, told: [], authorised };
    const seq = log.lastSeq + 1;
    // `at` lets seeds, imports and benchmarks write history with its own times; live operations use now.
    const now = input.at ?? new Date();
    const change = await dispatch({ tx, session, actor, operation, now, seq });
    const told = await recordInboxItems(tx, { session, actor, operation, seq, now, payload: change.payload });
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
      item: change.item,
    });
    return { event, duplicate: false, told, authorised };
  });
}

/** The session's log as an operation opens it: its last sequence number, and the event this operation id already made (a resend). */
export type OpenedLog = { lastSeq: number; previous: SessionEvent | undefined };

/**
 * The session and the sender's role, and the session's log to open once the sender is
 * authorised: its last number and a resend's event (`previousOutcome`, whose conflict it throws
 * for a reused id). On SQLite the log's counter as the role's query read it is its current end
 * (this transaction is the one writer). On PostgreSQL one statement reads both and locks the log
 * (`session_operation_open`); a resend's event is read only for a resend.
 */
export async function openOperation(input: {
  sessionId: string;
  clientOpId: string;
  actorId: string;
  digest: string;
}): Promise<{ found: FoundSession; log: () => Promise<OpenedLog> }> {
  if (databaseEngine() !== "postgres") {
    const found = await operationSessionWithRole(input.sessionId, input.actorId);
    const log = async () => ({ lastSeq: found?.session.lastSeq ?? (await lockSessionLog(input.sessionId)), previous: await previousOutcome(db(), input) });
    return { found, log };
  }
  const opened = await openOperationPostgres(input.sessionId, input.actorId, input.clientOpId);
  const log = async () => {
    if (!opened) throw new AppError("NOT_FOUND", "This study session does not exist.");
    const previous = opened.previousSeq === null ? undefined : await previousOutcome(db(), input);
    return { lastSeq: opened.session.lastSeq, previous };
  };
  return { found: opened && { session: opened.session, role: opened.role }, log };
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
