import { applyEvent, closedRoom, emptyLayer, visibleLayer, type LayerState, type VisibleLayer } from "../annotations/layer-state";
import type { SessionEventView } from "../protocol";
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

type Collection = "annotations" | "replies" | "messages" | "questions" | "answers";
const collections: Collection[] = ["annotations", "replies", "messages", "questions", "answers"];

/** The ids of the items an event carries, per collection. */
function touched(event: SessionEventView): Record<Collection, string[]> {
  return {
    annotations: event.annotation ? [event.annotation.id] : [],
    replies: event.reply ? [event.reply.id] : [],
    messages: event.message ? [event.message.id] : [],
    questions: [...(event.question ? [event.question.id] : []), ...(event.questions ?? []).map((question) => question.id)],
    answers: [...(event.answer ? [event.answer.id] : []), ...(event.answers ?? []).map((answer) => answer.id)],
  };
}

/**
 * Folds an event into the session with the live client's reducer (`applyEvent`), handing it
 * only the items the event names, so each event costs O(1) however long the session.
 */
const layerReducer: ReplayReducer = (draft, event) => {
  const layer = draft.layer;
  const ids = touched(event);
  const pick = <K extends Collection>(key: K): LayerState[K] => {
    const picked: LayerState[K] = {};
    for (const id of ids[key]) if (layer[key][id]) picked[id] = layer[key][id]!;
    return picked;
  };
  const scratch: LayerState = {
    annotations: pick("annotations"),
    replies: pick("replies"),
    messages: pick("messages"),
    questions: pick("questions"),
    answers: pick("answers"),
    room: layer.room,
    lastSeq: layer.lastSeq,
  };
  const next = applyEvent(scratch, event);
  for (const key of collections) Object.assign(layer[key], next[key]);
  layer.room = next.room;
  layer.lastSeq = next.lastSeq;
};

const sessionReducer: ReplayReducer = (draft, event) => {
  if (event.type === "session.status" && event.status) draft.status = event.status;
  layerReducer(draft, event);
  // Ending closes the room in the same transaction, without a room event of its own.
  if (draft.status === "ended") draft.layer.room = closedRoom(draft.layer.room);
};

/**
 * Reducers by event family (the part of the type before the dot). Every family the live
 * session logs goes through the same layer reducer; a family with extra replay-only state
 * adds a slice to `ReplayState` (and to `cloneState`) and its own entry here.
 */
export const replayReducers: Record<string, ReplayReducer> = {
  annotation: layerReducer,
  reply: layerReducer,
  message: layerReducer,
  question: layerReducer,
  answer: layerReducer,
  hand: layerReducer,
  poll: layerReducer,
  focus: layerReducer,
  session: sessionReducer,
};

/** The family of an event type: "annotation.create" → "annotation". */
export function eventFamily(type: string): string {
  const dot = type.indexOf(".");
  return dot < 0 ? type : type.slice(0, dot);
}

/** The state before any event: a planned session with nothing on it. */
export function initialReplayState(): ReplayState {
  return { applied: 0, status: "planned", layer: cloneLayer(emptyLayer) };
}

/** An independent copy of a state (records copied, items shared: items are never mutated). */
export function cloneState(state: ReplayState): ReplayState {
  return { ...state, layer: cloneLayer(state.layer) };
}

function cloneLayer(layer: LayerState): LayerState {
  return {
    annotations: { ...layer.annotations },
    replies: { ...layer.replies },
    messages: { ...layer.messages },
    questions: { ...layer.questions },
    answers: { ...layer.answers },
    room: layer.room,
    lastSeq: layer.lastSeq,
  };
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
  /**
   * checkpoints.get(i) is the state after i × every events. Only the start is made up front;
   * the others are saved the first time a seek folds past them, so opening a long session
   * costs one fold, and scrubbing back and forth never folds more than `every` events twice.
   */
  checkpoints: Map<number, ReplayState>;
  every: number;
  /** The state after every event, kept from the first fold. */
  final: ReplayState;
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
  const checkpoints = new Map([[0, cloneState(draft)]]);
  const times: number[] = [];
  let latest = -Infinity;
  for (const event of ordered) {
    replayEvent(draft, event);
    latest = Math.max(latest, event.at);
    times.push(latest);
  }
  const first = ordered[0]?.at ?? Date.now();
  const start = bounds.start ?? first;
  // The meeting's own end bounds the slider; later events (notes added afterwards) show at the end.
  const end = Math.max(bounds.end ?? (Number.isFinite(latest) ? latest : start), start);
  return { events: ordered, checkpoints, every, final: draft, times, start, end };
}

/** The state after the first `count` events (clamped), folded from the nearest checkpoint. */
export function stateAfter(timeline: Timeline, count: number): ReplayState {
  const target = Math.max(0, Math.min(Math.floor(count), timeline.events.length));
  if (target === timeline.events.length) return cloneState(timeline.final);
  let index = Math.floor(target / timeline.every);
  while (!timeline.checkpoints.has(index)) index -= 1;
  const draft = cloneState(timeline.checkpoints.get(index)!);
  for (let position = draft.applied; position < target; position++) {
    replayEvent(draft, timeline.events[position]!);
    if (draft.applied % timeline.every === 0 && !timeline.checkpoints.has(draft.applied / timeline.every)) {
      timeline.checkpoints.set(draft.applied / timeline.every, cloneState(draft));
    }
  }
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

/** What a replayed state shows (deleted items and orphaned replies left out), in reading order. */
export function visibleItems(state: ReplayState): VisibleLayer {
  return visibleLayer(state.layer, [], { id: "", name: "" });
}

type Retractable = { id: string; seq: number; deleted: boolean; hidden?: boolean };

/**
 * Takes the words out of every earlier version of an item that ended hidden or deleted, so
 * replaying never shows what a facilitator hid or an author withdrew.
 */
export function redactRetracted(events: readonly SessionEventView[]): SessionEventView[] {
  const finalState = new Map<string, Retractable>();
  const note = (kind: string, item: Retractable | undefined) => {
    if (!item) return;
    const key = `${kind}:${item.id}`;
    if ((finalState.get(key)?.seq ?? -1) < item.seq) finalState.set(key, item);
  };
  for (const event of events) {
    note("annotation", event.annotation);
    note("reply", event.reply);
    note("message", event.message);
    note("answer", event.answer);
    for (const answer of event.answers ?? []) note("answer", answer);
  }
  const retracted = (kind: string, id: string) => {
    const item = finalState.get(`${kind}:${id}`);
    return item !== undefined && (item.deleted || item.hidden === true);
  };
  const strip = <T extends { id: string; body: string; bodyHtml: string }>(kind: string, item: T | undefined): T | undefined =>
    item && retracted(kind, item.id) ? { ...item, body: "", bodyHtml: "" } : item;
  return events.map((event) => {
    const next: SessionEventView = { ...event };
    if (event.annotation) next.annotation = strip("annotation", event.annotation);
    if (event.reply) next.reply = strip("reply", event.reply);
    if (event.message) next.message = strip("message", event.message);
    if (event.answer) next.answer = strip("answer", event.answer);
    if (event.answers) next.answers = event.answers.map((answer) => strip("answer", answer)!);
    return next;
  });
}
