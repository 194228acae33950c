import type { AnnotationView, AnswerView, MessageView, Operation, QuestionView, ReplyView, RoomView, SessionEventView, Snapshot } from "../protocol";

/** An item on screen; `pending` while the server has not yet acknowledged the change. */
export type Shown<T> = T & { pending?: boolean };

/** What a client knows of a session, confirmed by the server: the annotation layer, thread, questions and room. */
export type LayerState = {
  annotations: Record<string, AnnotationView>;
  replies: Record<string, ReplyView>;
  messages: Record<string, MessageView>;
  questions: Record<string, QuestionView>;
  answers: Record<string, AnswerView>;
  room: RoomView;
  lastSeq: number;
};

/** An operation the member made that the server has not acknowledged yet. */
export type PendingOperation = { clientOpId: string; operation: Operation; createdAt: number };

/** Who is looking: needed to show their own pending changes as theirs. */
export type Viewer = { id: string; name: string };

/** A room with nothing going on. */
export const emptyRoom: RoomView = { currentQuestionId: null, currentStartedAt: null, focus: null, queue: [], speaking: null, poll: null, seq: 0 };

/** The empty session. */
/**
 * The room once its session has ended: the poll closed (its results kept), nobody queued or
 * speaking, no timer running. The server closes them in the same transaction that ends the
 * session; this shows it at once, and on pages that still hold the room as it was.
 */
export function closedRoom(room: RoomView): RoomView {
  return { ...room, currentStartedAt: null, queue: [], speaking: null, poll: room.poll ? { ...room.poll, open: false } : null };
}

export const emptyLayer: LayerState = { annotations: {}, replies: {}, messages: {}, questions: {}, answers: {}, room: emptyRoom, lastSeq: 0 };

const byId = <T extends { id: string }>(items: readonly T[]): Record<string, T> => Object.fromEntries(items.map((item) => [item.id, item]));

/** A state built from a server snapshot. */
export function layerFromSnapshot(snapshot: Snapshot): LayerState {
  return {
    annotations: byId(snapshot.annotations),
    replies: byId(snapshot.replies),
    messages: byId(snapshot.messages),
    questions: byId(snapshot.questions),
    answers: byId(snapshot.answers),
    room: snapshot.room,
    lastSeq: snapshot.lastSeq,
  };
}

/**
 * Adds the annotation layer the page fetched after its first paint: an item newer than the one
 * held wins, as with events. The cursor (`lastSeq`) stays where the page's snapshot left it, so
 * catching up from it still brings every other change made since.
 */
export function withAnnotationLayer(state: LayerState, layer: Pick<Snapshot, "annotations" | "replies">): LayerState {
  return upsert(upsert(state, "annotations", layer.annotations), "replies", layer.replies);
}

type Collection = "annotations" | "replies" | "messages" | "questions" | "answers";

/**
 * Applies one event from the log. Idempotent and order-safe: an item only changes when the
 * event is newer than what we hold, so an event seen twice (ack and broadcast) changes nothing.
 */
export function applyEvent(state: LayerState, event: SessionEventView): LayerState {
  let next = state;
  next = upsert(next, "annotations", event.annotation ? [event.annotation] : []);
  next = upsert(next, "replies", event.reply ? [event.reply] : []);
  next = upsert(next, "messages", event.message ? [event.message] : []);
  next = upsert(next, "questions", [...(event.question ? [event.question] : []), ...(event.questions ?? [])]);
  next = upsert(next, "answers", [...(event.answer ? [event.answer] : []), ...(event.answers ?? [])]);
  if (event.room && event.room.seq > next.room.seq) next = { ...next, room: event.room };
  return event.seq > next.lastSeq ? { ...next, lastSeq: event.seq } : next;
}

function upsert<K extends Collection>(state: LayerState, key: K, items: readonly LayerState[K][string][]): LayerState {
  const fresh = items.filter((item) => !state[key][item.id] || item.seq > state[key][item.id]!.seq);
  if (fresh.length === 0) return state;
  return { ...state, [key]: { ...state[key], ...byId(fresh) } };
}

/** Applies a batch of events in order. */
export function applyEvents(state: LayerState, events: readonly SessionEventView[]): LayerState {
  return events.reduce(applyEvent, state);
}

/** What the member sees: the confirmed state with their own unacknowledged changes laid on top. Deleted items are left out. */
export type VisibleLayer = {
  annotations: Shown<AnnotationView>[];
  replies: Shown<ReplyView>[];
  messages: Shown<MessageView>[];
  questions: Shown<QuestionView>[];
  answers: Shown<AnswerView>[];
  room: RoomView;
};

/** The confirmed state with the member's pending operations applied optimistically. */
export function visibleLayer(state: LayerState, pending: readonly PendingOperation[], viewer: Viewer): VisibleLayer {
  const draft = {
    annotations: new Map<string, Shown<AnnotationView>>(Object.entries(state.annotations)),
    replies: new Map<string, Shown<ReplyView>>(Object.entries(state.replies)),
    messages: new Map<string, Shown<MessageView>>(Object.entries(state.messages)),
    questions: new Map<string, Shown<QuestionView>>(Object.entries(state.questions)),
    answers: new Map<string, Shown<AnswerView>>(Object.entries(state.answers)),
  };
  for (const { operation, createdAt } of pending) overlay(operation, createdAt, viewer, draft);
  const annotations = [...draft.annotations.values()].filter((annotation) => !annotation.deleted);
  const liveAnnotations = new Set(annotations.map((annotation) => annotation.id));
  const questions = [...draft.questions.values()].filter((question) => !question.deleted);
  const liveQuestions = new Set(questions.map((question) => question.id));
  const byTime = (a: { createdAt: number }, b: { createdAt: number }) => a.createdAt - b.createdAt;
  return {
    annotations: annotations.sort((a, b) => a.start - b.start || a.end - b.end || a.createdAt - b.createdAt),
    replies: [...draft.replies.values()].filter((reply) => !reply.deleted && liveAnnotations.has(reply.annotationId)).sort(byTime),
    messages: [...draft.messages.values()].filter((message) => !message.deleted).sort(byTime),
    questions: questions.sort((a, b) => a.position - b.position || a.createdAt - b.createdAt),
    answers: [...draft.answers.values()].filter((answer) => !answer.deleted && liveQuestions.has(answer.questionId)).sort(byTime),
    room: state.room,
  };
}

type Draft = {
  annotations: Map<string, Shown<AnnotationView>>;
  replies: Map<string, Shown<ReplyView>>;
  messages: Map<string, Shown<MessageView>>;
  questions: Map<string, Shown<QuestionView>>;
  answers: Map<string, Shown<AnswerView>>;
};

const PENDING_SEQ = Number.MAX_SAFE_INTEGER;

function overlay(operation: Operation, at: number, viewer: Viewer, draft: Draft): void {
  const mine = { authorId: viewer.id, authorName: viewer.name, createdAt: at, editedAt: null, deleted: false, seq: PENDING_SEQ, pending: true };
  const patch = <T>(map: Map<string, Shown<T>>, id: string, change: Partial<T>) => {
    const current = map.get(id);
    if (current) map.set(id, { ...current, ...change, pending: true });
  };
  switch (operation.type) {
    case "annotation.create":
      draft.annotations.set(operation.annotationId, {
        ...mine,
        id: operation.annotationId,
        kind: operation.kind,
        visibility: operation.visibility,
        ...operation.passage,
        prefix: "",
        suffix: "",
        body: operation.body,
        bodyHtml: "",
        hidden: false,
        beforeMeeting: false,
      });
      return;
    case "annotation.update":
      return patch(draft.annotations, operation.annotationId, { kind: operation.kind, body: operation.body, bodyHtml: "", editedAt: at });
    case "annotation.delete":
      return patch(draft.annotations, operation.annotationId, { deleted: true });
    case "annotation.hide":
      return patch(draft.annotations, operation.annotationId, { hidden: operation.hidden });
    case "reply.create":
      draft.replies.set(operation.replyId, { ...mine, id: operation.replyId, annotationId: operation.annotationId, body: operation.body, bodyHtml: "", hidden: false });
      return;
    case "reply.update":
      return patch(draft.replies, operation.replyId, { body: operation.body, bodyHtml: "", editedAt: at });
    case "reply.delete":
      return patch(draft.replies, operation.replyId, { deleted: true });
    case "reply.hide":
      return patch(draft.replies, operation.replyId, { hidden: operation.hidden });
    case "message.create":
      draft.messages.set(operation.messageId, { ...mine, id: operation.messageId, parentId: operation.parentId, body: operation.body, bodyHtml: "", quote: operation.quote, mentions: [], reactions: {} });
      return;
    case "message.update":
      return patch(draft.messages, operation.messageId, { body: operation.body, bodyHtml: "", editedAt: at });
    case "message.delete":
      return patch(draft.messages, operation.messageId, { deleted: true });
    case "message.react": {
      const current = draft.messages.get(operation.messageId);
      if (!current) return;
      const others = (current.reactions[operation.reaction] ?? []).filter((id) => id !== viewer.id);
      return patch(draft.messages, operation.messageId, { reactions: { ...current.reactions, [operation.reaction]: operation.on ? [...others, viewer.id] : others } });
    }
    case "question.raise":
      draft.questions.set(operation.questionId, { ...mine, id: operation.questionId, text: operation.text, passage: null, timeBoxMinutes: null, answerFirst: false, answersOpen: false, place: "parking", position: at, revealedAt: at });
      return;
    case "question.create":
      draft.questions.set(operation.questionId, {
        ...mine,
        id: operation.questionId,
        text: operation.text,
        passage: operation.passage,
        timeBoxMinutes: operation.timeBoxMinutes,
        answerFirst: operation.answerFirst,
        answersOpen: false,
        place: "agenda",
        position: PENDING_SEQ,
        revealedAt: null,
      });
      return;
    case "question.update":
      return patch(draft.questions, operation.questionId, { text: operation.text, passage: operation.passage, timeBoxMinutes: operation.timeBoxMinutes, answerFirst: operation.answerFirst });
    case "question.delete":
      return patch(draft.questions, operation.questionId, { deleted: true });
    case "question.reorder":
      operation.questionIds.forEach((id, index) => patch(draft.questions, id, { position: index + 1 }));
      return;
    case "answer.create":
      draft.answers.set(operation.answerId, { ...mine, id: operation.answerId, questionId: operation.questionId, body: operation.body, bodyHtml: "" });
      return;
    case "answer.update":
      return patch(draft.answers, operation.answerId, { body: operation.body, bodyHtml: "", editedAt: at });
    case "answer.delete":
      return patch(draft.answers, operation.answerId, { deleted: true });
    default:
      // Room operations (hands, polls, focus, agenda position) show once the server confirms them.
      return;
  }
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
