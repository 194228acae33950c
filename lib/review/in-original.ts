import type { VisibleLayer } from "../annotations/layer-state";
import { placeInOriginal, type ReadingEdition } from "../editions/editions";

type Anchored = { start: number; end: number; edition?: string | null | undefined };

/**
 * A session's items laid on the original, which the review shows: everything made on an
 * edition in another language moves to the original's paragraphs aligned with it (its words,
 * its edition and its language stay). Annotations aligned with nothing in the original (a
 * translator's note, say) cannot be shown in the text: they come apart, to be listed only.
 * A session with one language comes back as it is.
 */
export function layerInOriginal<T extends Pick<VisibleLayer, "annotations" | "messages" | "questions">>(
  layer: T,
  editions: readonly ReadingEdition[],
): { layer: T; unplaced: T["annotations"] } {
  if (editions.length < 2) return { layer, unplaced: [] };
  const annotations: T["annotations"] = [];
  const unplaced: T["annotations"] = [];
  for (const annotation of layer.annotations) {
    const at = placeInOriginal(annotation, editions);
    if (at) annotations.push({ ...annotation, ...at });
    else unplaced.push(annotation);
  }
  const moved = <P extends Anchored>(passage: P | null): P | null => {
    if (!passage?.edition) return passage;
    const at = placeInOriginal(passage, editions);
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
