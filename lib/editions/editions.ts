import { canonicalText, placeBlocks, type Block } from "../article/blocks";
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

/** A language's name in that language ("English", "Español"). */
export function endonym(language: string): string {
  if (!language) return "?";
  const name = new Intl.DisplayNames([language], { type: "language" }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}

/** The edition with this id among a session's editions (null: the original). */
export function findReadingEdition<E extends ReadingEdition>(editions: readonly E[], id: string | null): E | undefined {
  return editions.find((edition) => edition.id === id);
}

/**
 * Where a passage made on one edition lies for a reader of another: the passage itself on its
 * own edition; elsewhere the whole paragraphs aligned with it (a passage is anchored to its
 * paragraphs across languages, never to characters). Null when nothing is aligned with it.
 */
export function passageIn(
  passage: { start: number; end: number; edition?: string | null | undefined },
  editions: readonly ReadingEdition[],
  reading: string | null,
): { start: number; end: number } | null {
  if (madeOn(passage, reading)) return { start: passage.start, end: passage.end };
  const from = findReadingEdition(editions, editionOf(passage));
  const to = findReadingEdition(editions, reading);
  if (!from || !to) return null;
  const ids = new Set(projectPassage(passage, from, to));
  const placed = placeBlocks(to.blocks).filter((entry) => ids.has(entry.block.id));
  if (placed.length === 0) return null;
  return { start: placed[0]!.start, end: placed.at(-1)!.end };
}

/** Items made on other editions than the one being read, by the paragraphs of the reading edition they are aligned with. */
export function itemsByAlignedBlock<T extends { start: number; end: number; edition?: string | null | undefined }>(
  items: readonly T[],
  editions: readonly ReadingEdition[],
  reading: string | null,
): Map<string, T[]> {
  const to = findReadingEdition(editions, reading);
  const byBlock = new Map<string, T[]>();
  if (!to) return byBlock;
  for (const item of items) {
    if (madeOn(item, reading)) continue;
    const from = findReadingEdition(editions, editionOf(item));
    if (!from) continue;
    for (const blockId of projectPassage(item, from, to)) byBlock.set(blockId, [...(byBlock.get(blockId) ?? []), item]);
  }
  return byBlock;
}

/** A paragraph of any edition, as the first paragraph of the reading edition aligned with it (or itself, when it is the reading edition's). */
export function blockIn(blockId: string, editions: readonly ReadingEdition[], reading: string | null): string | null {
  const to = findReadingEdition(editions, reading);
  if (!to) return null;
  if (to.blocks.some((block) => block.id === blockId)) return blockId;
  const from = editions.find((edition) => edition.id !== to.id && edition.blocks.some((block) => block.id === blockId));
  if (!from) return null;
  const placed = placeBlocks(from.blocks).find((entry) => entry.block.id === blockId);
  return placed ? (projectPassage(placed, from, to)[0] ?? null) : null;
}

/** How many items touch each paragraph of one edition, wherever they were made, with the languages they were made in. */
export function paragraphCounts(
  items: readonly { start: number; end: number; edition?: string | null | undefined }[],
  editions: readonly ReadingEdition[],
  shown: string | null,
): Map<string, { count: number; languages: string[] }> {
  const to = findReadingEdition(editions, shown);
  const counts = new Map<string, { count: number; languages: string[] }>();
  if (!to) return counts;
  for (const item of items) {
    const from = findReadingEdition(editions, editionOf(item));
    if (!from) continue;
    for (const blockId of projectPassage(item, from, to)) {
      const entry = counts.get(blockId) ?? { count: 0, languages: [] };
      entry.count++;
      if (!entry.languages.includes(from.language)) entry.languages.push(from.language);
      counts.set(blockId, entry);
    }
  }
  return counts;
}

/**
 * Where an item made on any edition lies in the original, for what is read and numbered in
 * the original (review, minutes, search): the item itself when made there, else the original's
 * paragraphs aligned with it; null when no paragraph of the original is aligned with it.
 */
export function placeInOriginal(
  item: { start: number; end: number; edition?: string | null | undefined },
  editions: readonly ReadingEdition[],
): { start: number; end: number } | null {
  return passageIn(item, editions, null);
}

/** The language an item was made in: its edition's, or the original's when it names none (or an edition no longer there). */
export function itemLanguage(item: { edition?: string | null | undefined }, editions: readonly ReadingEdition[], originalLanguage: string): string {
  return findReadingEdition(editions, editionOf(item))?.language ?? originalLanguage;
}

/**
 * A passage as readers of one edition see it: the passage itself on its own edition, else
 * the whole paragraphs of that edition aligned with it, with their words; null when nothing
 * there is aligned with it.
 */
export function passageWords(
  passage: { start: number; end: number; exact: string; edition?: string | null | undefined },
  editions: readonly ReadingEdition[],
  reading: string | null,
): { start: number; end: number; exact: string } | null {
  if (madeOn(passage, reading)) return { start: passage.start, end: passage.end, exact: passage.exact };
  const at = passageIn(passage, editions, reading);
  const to = findReadingEdition(editions, reading);
  if (!at || !to) return null;
  return { ...at, exact: canonicalText(to.blocks).slice(at.start, at.end) };
}
