import { wellFormed } from "../text/characters";
import type { InlineMark } from "./blocks";

/**
 * Characters that carry no reading value and would only confuse offsets: zero-width spaces,
 * the byte-order mark, word joiners, soft hyphens and C0/C1 control characters. The zero-width
 * non-joiner and joiner (U+200C, U+200D) stay: Persian and Indic words need them, and they
 * hold family and profession emoji together.
 */
export const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B\u2060\uFEFF]/;

/** Removes invisible and control characters, mends broken surrogates and folds every run of white space into one space. */
export function cleanInlineText(piece: string): string {
  return wellFormed(piece).replace(new RegExp(INVISIBLE, "g"), "").replace(/\s+/g, " ");
}

/** Builds one block's text and its inline marks piece by piece, collapsing white space as it goes. */
export class InlineBuilder {
  private text = "";
  private readonly marks: InlineMark[] = [];

  /** The length of the text built so far, where the next mark would start. */
  get length(): number {
    return this.text.length;
  }

  /** Adds a piece of text, never letting two spaces meet or a space open the block. */
  append(piece: string): void {
    const collapsed = cleanInlineText(piece);
    const startsWithSpace = collapsed.startsWith(" ");
    const atWordBoundary = this.text.length === 0 || this.text.endsWith(" ");
    this.text += startsWithSpace && atWordBoundary ? collapsed.slice(1) : collapsed;
  }

  /** Records a mark over text already appended; empty marks are dropped. */
  mark(mark: InlineMark): void {
    if (mark.end > mark.start) this.marks.push(mark);
  }

  /** The finished text, without trailing space, and the marks clipped to it. */
  finish(): { text: string; marks: InlineMark[] } {
    const trimmed = this.text.trimEnd();
    const marks = this.marks.map((mark) => ({ ...mark, end: Math.min(mark.end, trimmed.length) })).filter((mark) => mark.end > mark.start);
    return { text: trimmed, marks };
  }
}
