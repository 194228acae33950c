import type { AnnotationView, QuestionView, ReplyView, SessionEventView } from "../protocol";

/** What the log stores for each event: the full state after the change. */
export type StoredEventPayload = Omit<SessionEventView, "seq" | "type" | "actorId" | "at">;

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

/** A question as it goes over the wire (a deleted one without its words). */
export function presentQuestion(question: QuestionView): QuestionView {
  return question.deleted ? { ...question, text: "" } : question;
}

/**
 * A stored event as it goes over the wire. Built with assignments rather than conditional
 * spreads: it runs for every operation on the live path, and each spread is an object more.
 */
export function presentEvent(event: { seq: number; type: string; actorId: string | null; createdAt: Date; payload: unknown }): SessionEventView {
  const payload = event.payload as StoredEventPayload;
  const view: SessionEventView = { ...payload, seq: event.seq, type: event.type, actorId: event.actorId, at: event.createdAt.getTime() };
  if (payload.annotation) view.annotation = presentAnnotation(payload.annotation);
  if (payload.reply) view.reply = presentReply(payload.reply);
  if (payload.question) view.question = presentQuestion(payload.question);
  if (payload.questions) view.questions = payload.questions.map(presentQuestion);
  return view;
}
