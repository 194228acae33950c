import type { AnnotationView, Operation, ReplyView, SessionEventView, Snapshot } from "../protocol";

/** An annotation or reply on screen; `pending` while the server has not yet acknowledged it. */
export type Shown<T> = T & { pending?: boolean };

/** What a client knows of a session's annotation layer, confirmed by the server. */
export type LayerState = {
  annotations: Record<string, AnnotationView>;
  replies: Record<string, ReplyView>;
  lastSeq: number;
};

/** An operation the member made that the server has not acknowledged yet. */
export type PendingOperation = { clientOpId: string; operation: Operation; createdAt: number };

/** Who is looking: needed to show their own pending changes as theirs. */
export type Viewer = { id: string; name: string };

/** The empty layer. */
export const emptyLayer: LayerState = { annotations: {}, replies: {}, lastSeq: 0 };

/** A layer built from a server snapshot. */
export function layerFromSnapshot(snapshot: Snapshot): LayerState {
  return {
    annotations: Object.fromEntries(snapshot.annotations.map((annotation) => [annotation.id, annotation])),
    replies: Object.fromEntries(snapshot.replies.map((reply) => [reply.id, reply])),
    lastSeq: snapshot.lastSeq,
  };
}

/**
 * Applies one event from the log. Idempotent and order-safe: an item only changes when the
 * event is newer than what we hold, so an event seen twice (ack and broadcast) changes nothing.
 */
export function applyEvent(state: LayerState, event: SessionEventView): LayerState {
  let next = state;
  if (event.annotation && isNewer(state.annotations[event.annotation.id], event.annotation)) {
    next = { ...next, annotations: { ...next.annotations, [event.annotation.id]: event.annotation } };
  }
  if (event.reply && isNewer(state.replies[event.reply.id], event.reply)) {
    next = { ...next, replies: { ...next.replies, [event.reply.id]: event.reply } };
  }
  return event.seq > next.lastSeq ? { ...next, lastSeq: event.seq } : next;
}

/** Applies a batch of events in order. */
export function applyEvents(state: LayerState, events: readonly SessionEventView[]): LayerState {
  return events.reduce(applyEvent, state);
}

function isNewer(current: { seq: number } | undefined, incoming: { seq: number }): boolean {
  return !current || incoming.seq > current.seq;
}

/**
 * What the member sees: the confirmed layer with their own unacknowledged changes laid on
 * top (optimistic UI). Deleted items are left out.
 */
export function visibleLayer(state: LayerState, pending: readonly PendingOperation[], viewer: Viewer): { annotations: Shown<AnnotationView>[]; replies: Shown<ReplyView>[] } {
  const annotations = new Map<string, Shown<AnnotationView>>(Object.entries(state.annotations));
  const replies = new Map<string, Shown<ReplyView>>(Object.entries(state.replies));
  for (const { operation, createdAt } of pending) overlay(operation, createdAt, viewer, annotations, replies);
  const liveAnnotations = [...annotations.values()].filter((annotation) => !annotation.deleted);
  const liveIds = new Set(liveAnnotations.map((annotation) => annotation.id));
  return {
    annotations: liveAnnotations.sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt),
    replies: [...replies.values()].filter((reply) => !reply.deleted && liveIds.has(reply.annotationId)).sort((a, b) => a.createdAt - b.createdAt),
  };
}

function overlay(operation: Operation, at: number, viewer: Viewer, annotations: Map<string, Shown<AnnotationView>>, replies: Map<string, Shown<ReplyView>>): void {
  switch (operation.type) {
    case "annotation.create":
      annotations.set(operation.annotationId, {
        id: operation.annotationId,
        authorId: viewer.id,
        authorName: viewer.name,
        kind: operation.kind,
        visibility: operation.visibility,
        ...operation.passage,
        prefix: "",
        suffix: "",
        body: operation.body,
        bodyHtml: "",
        createdAt: at,
        editedAt: null,
        hidden: false,
        deleted: false,
        beforeMeeting: false,
        seq: Number.MAX_SAFE_INTEGER,
        pending: true,
      });
      return;
    case "annotation.update":
    case "annotation.delete":
    case "annotation.hide": {
      const current = annotations.get(operation.annotationId);
      if (!current) return;
      annotations.set(operation.annotationId, { ...current, ...annotationChange(operation, at), pending: true });
      return;
    }
    case "reply.create":
      replies.set(operation.replyId, {
        id: operation.replyId,
        annotationId: operation.annotationId,
        authorId: viewer.id,
        authorName: viewer.name,
        body: operation.body,
        bodyHtml: "",
        createdAt: at,
        editedAt: null,
        hidden: false,
        deleted: false,
        seq: Number.MAX_SAFE_INTEGER,
        pending: true,
      });
      return;
    case "reply.update":
    case "reply.delete":
    case "reply.hide": {
      const current = replies.get(operation.replyId);
      if (!current) return;
      replies.set(operation.replyId, { ...current, ...replyChange(operation, at), pending: true });
      return;
    }
  }
}

function annotationChange(operation: Extract<Operation, { type: "annotation.update" | "annotation.delete" | "annotation.hide" }>, at: number): Partial<AnnotationView> {
  if (operation.type === "annotation.delete") return { deleted: true };
  if (operation.type === "annotation.hide") return { hidden: operation.hidden };
  return { kind: operation.kind, body: operation.body, bodyHtml: "", editedAt: at };
}

function replyChange(operation: Extract<Operation, { type: "reply.update" | "reply.delete" | "reply.hide" }>, at: number): Partial<ReplyView> {
  if (operation.type === "reply.delete") return { deleted: true };
  if (operation.type === "reply.hide") return { hidden: operation.hidden };
  return { body: operation.body, bodyHtml: "", editedAt: at };
}

/** The annotations covering a point of the canonical text (tapping a highlighted spot). */
export function annotationsAt<T extends { start: number; end: number }>(annotations: readonly T[], offset: number): T[] {
  return annotations.filter((annotation) => annotation.start <= offset && offset < annotation.end);
}

/** The stretches of text covered by two or more annotations, merged and sorted. */
export function overlaps(ranges: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const points = ranges.flatMap((range) => [
    { at: range.start, delta: 1 },
    { at: range.end, delta: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const result: { start: number; end: number }[] = [];
  let depth = 0;
  let openedAt = 0;
  for (const point of points) {
    const before = depth;
    depth += point.delta;
    if (before < 2 && depth >= 2) openedAt = point.at;
    if (before >= 2 && depth < 2 && point.at > openedAt) {
      const last = result.at(-1);
      if (last && last.end === openedAt) last.end = point.at;
      else result.push({ start: openedAt, end: point.at });
    }
  }
  return result;
}
