"use client";

import { useCallback, useMemo, useState } from "react";
import { blockIn, madeOn, passageIn, type EditionChoice, type ReadingEdition } from "@/lib/editions/editions";
import type { ErrorBody } from "@/lib/errors";
import type { AnnotationView } from "@/lib/protocol";
import { chooseEditionAction } from "./actions";
import type { EditionLabels } from "./edition-context";
import { editionKey } from "./edition-key";

/** What the session page gives the room about an article with editions. */
export type SessionEditions = {
  groupId: string;
  /** The original and each edition, with their alignments fitted to the version the session reads. */
  list: ReadingEdition[];
  /** Each edition's text rendered by the server, by edition key ("original" for the original). */
  texts: Record<string, React.ReactNode>;
  /** Each edition's title, by edition key. */
  titles: Record<string, string>;
  /** The member's remembered choice. */
  choice: EditionChoice;
};

/** A member's reading across editions: what the room needs to show their edition and everyone else's annotations on it. */
export type EditionReadingState = ReturnType<typeof useEditionReading>;

/**
 * Keeps the member's choice of edition, and turns the session's annotations, passages and
 * reading positions into that edition's terms (through the alignment). Without editions it
 * passes everything through unchanged.
 */
export function useEditionReading(input: {
  editions: SessionEditions | undefined;
  sessionId: string;
  annotations: AnnotationView[];
  share: (blockId: string | null) => void;
  onReadingChange: () => void;
}) {
  const { editions, sessionId, annotations, share, onReadingChange } = input;
  const [choice, setChoice] = useState<EditionChoice>(editions?.choice ?? { edition: null, sideBySide: false });
  const [readingBlock, setReadingBlock] = useState<string | null>(null);
  const [problem, setProblem] = useState<ErrorBody | null>(null);
  const list = useMemo(() => editions?.list ?? [], [editions]);
  const reading = editions ? choice.edition : null;

  const own = useMemo(() => (editions ? annotations.filter((annotation) => madeOn(annotation, reading)) : annotations), [annotations, editions, reading]);
  const other = useMemo(() => (editions ? annotations.filter((annotation) => !madeOn(annotation, reading)) : []), [annotations, editions, reading]);
  const here = useCallback(
    (passage: { start: number; end: number; edition?: string | undefined } | null) => (passage && editions ? passageIn(passage, list, reading) : passage),
    [editions, list, reading],
  );
  const mark = useCallback(
    <P extends { start: number; end: number; exact: string }>(passage: P): P & { edition?: string } => (reading === null ? passage : { ...passage, edition: reading }),
    [reading],
  );
  // Others share the paragraph of the edition they read: the rail shows it on this edition's aligned one.
  const placeReader = useMemo(() => (editions ? (blockId: string) => blockIn(blockId, list, reading) : undefined), [editions, list, reading]);
  const onReading = useCallback(
    (blockId: string | null) => {
      share(blockId);
      setReadingBlock(blockId);
    },
    [share],
  );
  const labels = useMemo<EditionLabels | null>(
    () => (editions ? { languages: Object.fromEntries(list.map((edition) => [editionKey(edition.id), edition.language])), reading } : null),
    [editions, list, reading],
  );

  const choose = (next: EditionChoice) => {
    if (next.edition !== choice.edition) onReadingChange();
    setChoice(next);
    if (!editions) return;
    void chooseEditionAction(editions.groupId, sessionId, next)
      .then((result) => setProblem(result && !result.ok ? result.error : null))
      .catch(() => setProblem({ code: "UNAVAILABLE", message: "" }));
  };

  return {
    enabled: editions !== undefined,
    editions: list,
    choice,
    choose,
    problem,
    key: editionKey(reading),
    reading,
    text: editions?.texts[editionKey(reading)],
    titles: editions?.titles ?? {},
    own,
    other,
    here,
    mark,
    placeReader,
    onReading,
    readingBlock,
    labels,
  };
}
