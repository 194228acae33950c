import { applyEvent, emptyLayer, type LayerState } from "../annotations/layer-state";
import type { AnnotationView, ReplyView, SessionEventView } from "../protocol";
import type { SessionStatusName } from "../session-status";

/**
 * Replay: a study session rebuilt at any moment from its event log alone. The state after
 * the first k events is the fold of those k events through the same reducer the live client
 * uses (`applyEvent`), so what a member saw then and what the replay shows cannot drift.
 */

/** The session as it stood after some prefix of its event log. */
export type ReplayState = {
  /** How many events have been applied. */
  applied: number;
  status: SessionStatusName;
  layer: LayerState;
};

/**
 * How one family of events (the part of the type before the dot: `annotation`, `reply`,
 * `session`, and later `message`, `question`, …) changes the replayed state. A reducer may
 * mutate the draft it is given: the timeline owns it and copies it at checkpoints.
 */
export type ReplayReducer = (draft: ReplayState, event: SessionEventView) => void;

/** Folds an event into the annotation layer with the live client's reducer, touching only the items it names (O(1) per event). */
const layerReducer: ReplayReducer = (draft, event) => {
  const { annotations, replies } = draft.layer;
  const scratch: LayerState = {
    annotations: event.annotation && annotations[event.annotation.id] ? { [event.annotation.id]: annotations[event.annotation.id]! } : {},
    replies: event.reply && replies[event.reply.id] ? { [event.reply.id]: replies[event.reply.id]! } : {},
    lastSeq: draft.layer.lastSeq,
  };
  const next = applyEvent(scratch, event);
  Object.assign(annotations, next.annotations);
  Object.assign(replies, next.replies);
  draft.layer.lastSeq = next.lastSeq;
};

const sessionReducer: ReplayReducer = (draft, event) => {
  if (event.type === "session.status" && event.status) draft.status = event.status;
  draft.layer.lastSeq = Math.max(draft.layer.lastSeq, event.seq);
};

/**
 * Reducers by event family. Issue 5's discussion thread and questions plug in here: add a
 * slice to `ReplayState` (and to `cloneState`) and one entry per family.
 */
export const replayReducers: Record<string, ReplayReducer> = {
  annotation: layerReducer,
  reply: layerReducer,
  session: sessionReducer,
};

/** The family of an event type: "annotation.create" → "annotation". */
export function eventFamily(type: string): string {
  const dot = type.indexOf(".");
  return dot < 0 ? type : type.slice(0, dot);
}

/** The state before any event: a planned session with nothing on it. */
export function initialReplayState(): ReplayState {
  return { applied: 0, status: "planned", layer: { ...emptyLayer, annotations: {}, replies: {} } };
}

/** An independent copy of a state (records copied, items shared: items are never mutated). */
export function cloneState(state: ReplayState): ReplayState {
  return { ...state, layer: { annotations: { ...state.layer.annotations }, replies: { ...state.layer.replies }, lastSeq: state.layer.lastSeq } };
}

/** Applies one event to a draft; unknown families still advance the count (and are listed by `unknownFamilies`). */
export function replayEvent(draft: ReplayState, event: SessionEventView): void {
  replayReducers[eventFamily(event.type)]?.(draft, event);
  draft.applied += 1;
}

/** The state after the given events, folded from the start. */
export function replay(events: readonly SessionEventView[]): ReplayState {
  const draft = initialReplayState();
  for (const event of events) replayEvent(draft, event);
  return draft;
}

/** Event families the replay does not know (so a page can say "n events not shown"). */
export function unknownFamilies(events: readonly SessionEventView[]): string[] {
  return [...new Set(events.map((event) => eventFamily(event.type)))].filter((family) => !(family in replayReducers));
}

/** A session's events prepared for seeking: checkpoints every `every` events, and times for the slider. */
export type Timeline = {
  events: readonly SessionEventView[];
  /** checkpoints[i] is the state after i × every events. */
  checkpoints: ReplayState[];
  every: number;
  /** Running maximum of event times, so a time maps to an event count by binary search. */
  times: number[];
  /** Where the slider starts and ends (ms since the epoch). */
  start: number;
  end: number;
};

/** Default distance between checkpoints: seeking never folds more than this many events. */
export const CHECKPOINT_EVERY = 250;

/** Builds the timeline of a session's events, ordered by seq. */
export function buildTimeline(events: readonly SessionEventView[], bounds: { start?: number | null; end?: number | null } = {}, every = CHECKPOINT_EVERY): Timeline {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const draft = initialReplayState();
  const checkpoints = [cloneState(draft)];
  const times: number[] = [];
  let latest = -Infinity;
  for (const event of ordered) {
    replayEvent(draft, event);
    latest = Math.max(latest, event.at);
    times.push(latest);
    if (draft.applied % every === 0) checkpoints.push(cloneState(draft));
  }
  const first = ordered[0]?.at ?? Date.now();
  const start = bounds.start ?? first;
  const end = Math.max(bounds.end ?? (Number.isFinite(latest) ? latest : start), start, Number.isFinite(latest) ? latest : start);
  return { events: ordered, checkpoints, every, times, start, end };
}

/** The state after the first `count` events (clamped), from the nearest checkpoint. */
export function stateAfter(timeline: Timeline, count: number): ReplayState {
  const target = Math.max(0, Math.min(Math.floor(count), timeline.events.length));
  const index = Math.min(Math.floor(target / timeline.every), timeline.checkpoints.length - 1);
  const draft = cloneState(timeline.checkpoints[index]!);
  for (let position = draft.applied; position < target; position++) replayEvent(draft, timeline.events[position]!);
  return draft;
}

/** How many events had happened by a moment (ms since the epoch). */
export function countAt(timeline: Timeline, time: number): number {
  let low = 0;
  let high = timeline.times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (timeline.times[middle]! <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The visible items of a replayed state (deleted ones left out), in reading order. */
export function visibleItems(state: ReplayState): { annotations: AnnotationView[]; replies: ReplyView[] } {
  const annotations = Object.values(state.layer.annotations)
    .filter((annotation) => !annotation.deleted)
    .sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt);
  const live = new Set(annotations.map((annotation) => annotation.id));
  const replies = Object.values(state.layer.replies)
    .filter((reply) => !reply.deleted && live.has(reply.annotationId))
    .sort((a, b) => a.createdAt - b.createdAt);
  return { annotations, replies };
}

/**
 * Takes the words out of every earlier version of an item that ended hidden or deleted, so
 * replaying never shows what a facilitator hid or an author withdrew.
 */
export function redactRetracted(events: readonly SessionEventView[]): SessionEventView[] {
  const finalAnnotation = new Map<string, AnnotationView>();
  const finalReply = new Map<string, ReplyView>();
  for (const event of events) {
    if (event.annotation && (finalAnnotation.get(event.annotation.id)?.seq ?? -1) < event.annotation.seq) finalAnnotation.set(event.annotation.id, event.annotation);
    if (event.reply && (finalReply.get(event.reply.id)?.seq ?? -1) < event.reply.seq) finalReply.set(event.reply.id, event.reply);
  }
  const retracted = (item: { hidden: boolean; deleted: boolean } | undefined) => item !== undefined && (item.hidden || item.deleted);
  return events.map((event) => {
    const annotation = event.annotation && retracted(finalAnnotation.get(event.annotation.id)) ? { ...event.annotation, body: "", bodyHtml: "" } : event.annotation;
    const reply = event.reply && retracted(finalReply.get(event.reply.id)) ? { ...event.reply, body: "", bodyHtml: "" } : event.reply;
    return { ...event, ...(annotation && { annotation }), ...(reply && { reply }) };
  });
}
