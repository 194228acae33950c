import type { Block } from "../article/blocks";
import { alignedBlockIds, blockIdsInRange, type Alignment } from "./alignment";

/** Which edition a member reads: the original or one edition, or the original and one edition side by side. */
export type EditionChoice = { edition: string | null; sideBySide: boolean };

/**
 * One text of an article as a session reads it: the original (id null, no alignment) or an
 * edition in another language with its alignment to the original's blocks.
 */
export type ReadingEdition = { id: string | null; language: string; blocks: Block[]; alignment: Alignment };

/** The edition an item was made on: its id, or the original when it names none. */
export function editionOf(item: { edition?: string | null | undefined }): string | null {
  return item.edition ?? null;
}

/** Whether an item (annotation, passage) was made on this edition. */
export function madeOn(item: { edition?: string | null | undefined }, edition: string | null): boolean {
  return editionOf(item) === edition;
}

/**
 * The blocks of `to` that translate a stretch of `from`'s canonical text: through the
 * alignment, by way of the original when neither is it. Empty when nothing is aligned there.
 */
export function projectPassage(passage: { start: number; end: number }, from: ReadingEdition, to: ReadingEdition): string[] {
  const here = blockIdsInRange(from.blocks, passage.start, passage.end);
  if (from.id === to.id) return here;
  const original = from.id === null ? here : alignedBlockIds(from.alignment, "target", here);
  return to.id === null ? original : alignedBlockIds(to.alignment, "source", original);
}

/** A language's short tag as readers see it on an item made in another edition ("ES"). */
export function languageTag(language: string): string {
  return (language.split("-")[0] || "?").toUpperCase();
}
