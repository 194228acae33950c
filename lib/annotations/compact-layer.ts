import type { AnnotationView, ReplyView, Snapshot } from "../protocol";

/** The annotation layer as the session page receives it: what `annotationLayer` reads, with the sequence number it is current to. */
export type AnnotationLayer = Pick<Snapshot, "annotations" | "replies" | "lastSeq">;

type AnnotationRow = [
  id: string,
  author: number,
  kind: AnnotationView["kind"],
  visibility: AnnotationView["visibility"],
  start: number,
  end: number,
  exact: string,
  prefix: string,
  suffix: string,
  body: string,
  bodyHtml: string,
  createdAt: number,
  editedAt: number | null,
  flags: number,
  seq: number,
];
type ReplyRow = [id: string, annotationId: string, author: number, body: string, bodyHtml: string, createdAt: number, editedAt: number | null, flags: number, seq: number];

/**
 * The layer packed for the wire: each person named once, each annotation and reply a row of
 * values without repeated field names. A thousand annotations pack to about half their JSON.
 */
export type PackedLayer = { version: 1; lastSeq: number; people: [id: string, name: string][]; annotations: AnnotationRow[]; replies: ReplyRow[] };

const HIDDEN = 1;
const DELETED = 2;
const BEFORE_MEETING = 4;

/** Packs a layer for the session page (the server side of `unpackLayer`). */
export function packLayer(layer: AnnotationLayer): PackedLayer {
  const people: [string, string][] = [];
  const indexes = new Map<string, number>();
  const person = (id: string, name: string) => {
    let index = indexes.get(id);
    if (index === undefined) {
      index = people.push([id, name]) - 1;
      indexes.set(id, index);
    }
    return index;
  };
  return {
    version: 1,
    lastSeq: layer.lastSeq,
    people,
    annotations: layer.annotations.map((a) => [
      a.id,
      person(a.authorId, a.authorName),
      a.kind,
      a.visibility,
      a.start,
      a.end,
      a.exact,
      a.prefix,
      a.suffix,
      a.body,
      a.bodyHtml,
      a.createdAt,
      a.editedAt,
      (a.hidden ? HIDDEN : 0) | (a.deleted ? DELETED : 0) | (a.beforeMeeting ? BEFORE_MEETING : 0),
      a.seq,
    ]),
    replies: layer.replies.map((r) => [
      r.id,
      r.annotationId,
      person(r.authorId, r.authorName),
      r.body,
      r.bodyHtml,
      r.createdAt,
      r.editedAt,
      (r.hidden ? HIDDEN : 0) | (r.deleted ? DELETED : 0),
      r.seq,
    ]),
  };
}

/** The layer again, from what `packLayer` sent. */
export function unpackLayer(packed: PackedLayer): AnnotationLayer {
  const person = (index: number) => packed.people[index] ?? ["", ""];
  return {
    lastSeq: packed.lastSeq,
    annotations: packed.annotations.map(([id, author, kind, visibility, start, end, exact, prefix, suffix, body, bodyHtml, createdAt, editedAt, flags, seq]) => {
      const [authorId, authorName] = person(author);
      return {
        id,
        authorId,
        authorName,
        kind,
        visibility,
        start,
        end,
        exact,
        prefix,
        suffix,
        body,
        bodyHtml,
        createdAt,
        editedAt,
        hidden: (flags & HIDDEN) !== 0,
        deleted: (flags & DELETED) !== 0,
        beforeMeeting: (flags & BEFORE_MEETING) !== 0,
        seq,
      } satisfies AnnotationView;
    }),
    replies: packed.replies.map(([id, annotationId, author, body, bodyHtml, createdAt, editedAt, flags, seq]) => {
      const [authorId, authorName] = person(author);
      return {
        id,
        annotationId,
        authorId,
        authorName,
        body,
        bodyHtml,
        createdAt,
        editedAt,
        hidden: (flags & HIDDEN) !== 0,
        deleted: (flags & DELETED) !== 0,
        seq,
      } satisfies ReplyView;
    }),
  };
}
