import type { VisibleLayer } from "../annotations/layer-state";
import { passageIn, type ReadingEdition } from "../editions/editions";

type Anchored = { start: number; end: number; edition?: string | null | undefined };

/**
 * A session's items laid on the edition the review is read in (null: the original):
 * everything made on another edition moves to that edition's paragraphs aligned with it (its
 * words, its edition and its language stay). Annotations aligned with nothing there (a
 * translator's note, say) cannot be shown in the text: they come apart, to be listed only.
 * A session with one language comes back as it is.
 */
export function layerInEdition<T extends Pick<VisibleLayer, "annotations" | "messages" | "questions">>(
  layer: T,
  editions: readonly ReadingEdition[],
  reading: string | null,
): { layer: T; unplaced: T["annotations"] } {
  if (editions.length < 2) return { layer, unplaced: [] };
  const annotations: T["annotations"] = [];
  const unplaced: T["annotations"] = [];
  for (const annotation of layer.annotations) {
    const at = passageIn(annotation, editions, reading);
    if (at) annotations.push({ ...annotation, ...at });
    else unplaced.push(annotation);
  }
  const moved = <P extends Anchored>(passage: P | null): P | null => {
    if (!passage || (passage.edition ?? null) === reading) return passage;
    const at = passageIn(passage, editions, reading);
    return at ? { ...passage, ...at } : null;
  };
  return {
    layer: {
      ...layer,
      annotations,
      messages: layer.messages.map((message) => ({ ...message, quote: moved(message.quote) })),
      questions: layer.questions.map((question) => ({ ...question, passage: moved(question.passage) })),
    },
    unplaced,
  };
}
