import type { AnnotationKind } from "../annotations/kinds";
import type { AnnotationView, ReplyView } from "../protocol";
import { editionPlacer, type SessionRecord } from "./session-record";

/** The JSON-LD context of the W3C Web Annotation Data Model. */
export const ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

/** The motivation (W3C vocabulary) each kind of annotation is exported with. */
export const kindMotivations: Record<AnnotationKind, string> = {
  key_point: "highlighting",
  question: "questioning",
  disagree: "assessing",
  example: "describing",
  definition: "identifying",
};

/** A W3C TextualBody. */
export type TextualBody = { type: "TextualBody"; value: string; format: string; purpose?: string; language?: string };

/** A W3C Web Annotation as we export it. */
export type WebAnnotation = {
  id: string;
  type: "Annotation";
  motivation: string;
  created: string;
  modified?: string;
  creator: { id: string; type: "Person"; name: string };
  body?: TextualBody | TextualBody[];
  target:
    | string
    | {
        source: string;
        selector: [{ type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string }, { type: "TextPositionSelector"; start: number; end: number }];
      };
};

/** A W3C AnnotationCollection holding one page with every annotation and reply of a session. */
export type WebAnnotationCollection = {
  "@context": string;
  id: string;
  type: "AnnotationCollection";
  label: string;
  total: number;
  first: { id: string; type: "AnnotationPage"; startIndex: 0; items: WebAnnotation[] };
};

/** Addresses of what the export points at, under the instance's public URL. */
export function exportIris(baseUrl: string, record: Pick<SessionRecord, "group" | "session" | "article">) {
  const base = baseUrl.replace(/\/+$/, "");
  const review = `${base}/groups/${record.group.id}/sessions/${record.session.id}/review`;
  return {
    collection: `${base}/groups/${record.group.id}/sessions/${record.session.id}/export/annotations`,
    annotation: (id: string) => `${review}#annotation-${id}`,
    reply: (id: string) => `${review}#reply-${id}`,
    person: (id: string) => `${base}/groups/${record.group.id}#member-${id}`,
    /** The article text the offsets count in: one fixed version of it. */
    source: `${base}/groups/${record.group.id}/articles/${record.article.id}?version=${record.article.version}`,
    /** The text of one of the article's editions in another language, which the offsets of an item made on it count in. */
    edition: (id: string) => `${base}/groups/${record.group.id}/articles/${record.article.id}/editions/${id}`,
  };
}

/**
 * The session's shared annotations as W3C Web Annotation JSON-LD: every annotation targets
 * the article version with a TextQuoteSelector and a TextPositionSelector; every reply is
 * an annotation with motivation "replying" whose target is the annotation it answers. An
 * annotation made on an edition in another language targets that edition's text, and its
 * comment, like the replies in its thread, carries that edition's language.
 */
export function toWebAnnotations(record: SessionRecord, baseUrl: string, kindLabels: Record<AnnotationKind, string>): WebAnnotationCollection {
  const iri = exportIris(baseUrl, record);
  const editions = editionPlacer(record);
  const languageOf = (annotation: AnnotationView | undefined) => (annotation ? editions.language(annotation) : record.article.language) || undefined;
  const annotationItem = (annotation: AnnotationView): WebAnnotation => {
    const bodies: TextualBody[] = [{ type: "TextualBody", value: kindLabels[annotation.kind], format: "text/plain", purpose: "tagging" }];
    const language = languageOf(annotation);
    if (annotation.body) bodies.unshift({ type: "TextualBody", value: annotation.body, format: "text/markdown", purpose: "commenting", ...(language && { language }) });
    return {
      id: iri.annotation(annotation.id),
      type: "Annotation",
      motivation: kindMotivations[annotation.kind],
      created: new Date(annotation.createdAt).toISOString(),
      ...(annotation.editedAt && { modified: new Date(annotation.editedAt).toISOString() }),
      creator: { id: iri.person(annotation.authorId), type: "Person", name: annotation.authorName },
      body: bodies,
      target: {
        source: annotation.edition ? iri.edition(annotation.edition) : iri.source,
        selector: [
          { type: "TextQuoteSelector", exact: annotation.exact, prefix: annotation.prefix, suffix: annotation.suffix },
          { type: "TextPositionSelector", start: annotation.start, end: annotation.end },
        ],
      },
    };
  };
  const byId = new Map(record.annotations.map((annotation) => [annotation.id, annotation]));
  const replyItem = (reply: ReplyView): WebAnnotation => {
    const language = languageOf(byId.get(reply.annotationId));
    return {
      id: iri.reply(reply.id),
      type: "Annotation",
      motivation: "replying",
      created: new Date(reply.createdAt).toISOString(),
      ...(reply.editedAt && { modified: new Date(reply.editedAt).toISOString() }),
      creator: { id: iri.person(reply.authorId), type: "Person", name: reply.authorName },
      body: { type: "TextualBody", value: reply.body, format: "text/markdown", ...(language && { language }) },
      target: iri.annotation(reply.annotationId),
    };
  };
  const shown = new Set(record.annotations.map((annotation) => annotation.id));
  const items = [...record.annotations.map(annotationItem), ...record.replies.filter((reply) => shown.has(reply.annotationId)).map(replyItem)];
  return {
    "@context": ANNOTATION_CONTEXT,
    id: iri.collection,
    type: "AnnotationCollection",
    label: `${record.session.title} — ${record.article.title}`,
    total: items.length,
    first: { id: `${iri.collection}#page-1`, type: "AnnotationPage", startIndex: 0, items },
  };
}
