import type { AnnotationView, ReplyView, SessionEventView } from "../protocol";

/**
 * What the log stores for each event: the full state after the change. Thread messages,
 * questions, answers and the room are stored already presented (deleted words emptied when
 * written), so they go over the wire as they are.
 */
export type StoredEventPayload = Pick<SessionEventView, "message" | "question" | "questions" | "answer" | "answers" | "room" | "status"> & {
  annotation?: AnnotationView;
  reply?: ReplyView;
};

/** The words of a hidden or deleted item never leave the server; the rest (where, who, when) does. */
export function presentAnnotation(annotation: AnnotationView): AnnotationView {
  if (!annotation.hidden && !annotation.deleted) return annotation;
  return { ...annotation, body: "", bodyHtml: "" };
}

/** A reply as it goes over the wire (hidden and deleted ones without their words). */
export function presentReply(reply: ReplyView): ReplyView {
  if (!reply.hidden && !reply.deleted) return reply;
  return { ...reply, body: "", bodyHtml: "" };
}

/** A stored event as it goes over the wire. */
export function presentEvent(event: { seq: number; type: string; actorId: string | null; createdAt: Date; payload: unknown }): SessionEventView {
  const payload = event.payload as StoredEventPayload;
  return {
    seq: event.seq,
    type: event.type,
    actorId: event.actorId,
    at: event.createdAt.getTime(),
    ...(payload.annotation && { annotation: presentAnnotation(payload.annotation) }),
    ...(payload.reply && { reply: presentReply(payload.reply) }),
    ...(payload.message && { message: payload.message }),
    ...(payload.question && { question: payload.question }),
    ...(payload.questions && { questions: payload.questions }),
    ...(payload.answer && { answer: payload.answer }),
    ...(payload.answers && { answers: payload.answers }),
    ...(payload.room && { room: payload.room }),
    ...(payload.status && { status: payload.status }),
  };
}
