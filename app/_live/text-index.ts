import { BLOCK_SEPARATOR } from "@/lib/article/blocks";

/**
 * One text block of the rendered article and where it sits in the canonical text: `element`
 * holds its text, `box` is the block around it (`data-block-id`), the element to measure or
 * watch — its contents are laid out only near the screen.
 */
export type IndexedBlock = { blockId: string; element: HTMLElement; box: HTMLElement; start: number; end: number };

/**
 * Maps the rendered article onto its canonical text. The reader renders each text block's
 * exact text inside a `[data-block-text]` element, in order, so offsets are simply the
 * running sum of their lengths plus the separators — the same rule as `canonicalText`.
 */
export class TextIndex {
  readonly blocks: IndexedBlock[] = [];
  /** The canonical text, as the page shows it. */
  readonly text: string;

  constructor(root: HTMLElement) {
    let offset = 0;
    const texts: string[] = [];
    for (const element of root.querySelectorAll<HTMLElement>("[data-block-text]")) {
      const box = element.closest<HTMLElement>("[data-block-id]");
      const blockId = box?.dataset.blockId;
      if (!box || !blockId) continue;
      if (this.blocks.length > 0) offset += BLOCK_SEPARATOR.length;
      const text = element.textContent ?? "";
      texts.push(text);
      this.blocks.push({ blockId, element, box, start: offset, end: offset + text.length });
      offset += text.length;
    }
    this.text = texts.join(BLOCK_SEPARATOR);
  }

  /** The block containing a canonical offset (a separator belongs to the block after it). */
  blockAt(offset: number): IndexedBlock | undefined {
    let low = 0;
    let high = this.blocks.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const block = this.blocks[middle]!;
      if (offset < block.start) high = middle - 1;
      else if (offset > block.end) low = middle + 1;
      else return block;
    }
    return this.blocks[low];
  }

  /** A DOM range for a stretch of the canonical text, or null if it falls outside the article. */
  range(start: number, end: number): Range | null {
    const from = this.point(start, "start");
    const to = this.point(end, "end");
    if (!from || !to) return null;
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** Canonical offsets of a DOM range (a selection), clipped to the article's text. */
  offsets(range: Range): { start: number; end: number } | null {
    const start = this.offsetOf(range.startContainer, range.startOffset, "start");
    const end = this.offsetOf(range.endContainer, range.endOffset, "end");
    if (start === null || end === null || end <= start) return null;
    return { start, end };
  }

  /** The canonical offset of a DOM position, or null when it is outside every block. */
  offsetOf(node: Node, nodeOffset: number, edge: "start" | "end"): number | null {
    const element = node instanceof Element ? node : node.parentElement;
    const textElement = element?.closest<HTMLElement>("[data-block-text]");
    if (textElement) {
      const block = this.blocks.find((candidate) => candidate.element === textElement);
      if (!block) return null;
      return block.start + localOffset(textElement, node, nodeOffset);
    }
    return this.nearestEdge(node, nodeOffset, edge);
  }

  private nearestEdge(node: Node, nodeOffset: number, edge: "start" | "end"): number | null {
    const probe = document.createRange();
    probe.setStart(node, nodeOffset);
    if (edge === "start") {
      const next = this.blocks.find((block) => probe.comparePoint(block.element, 0) <= 0);
      return next ? next.start : null;
    }
    const previous = [...this.blocks].reverse().find((block) => probe.comparePoint(block.element, block.element.childNodes.length) >= 0);
    return previous ? previous.end : null;
  }

  private point(offset: number, edge: "start" | "end"): { node: Node; offset: number } | null {
    const block = this.blockAt(offset);
    if (!block) return null;
    let local = Math.max(0, Math.min(offset, block.end) - block.start);
    if (edge === "start" && offset < block.start) local = 0;
    const walker = document.createTreeWalker(block.element, NodeFilter.SHOW_TEXT);
    let lastText: Text | null = null;
    for (let text = walker.nextNode() as Text | null; text; text = walker.nextNode() as Text | null) {
      if (local <= text.length) return { node: text, offset: local };
      local -= text.length;
      lastText = text;
    }
    return lastText ? { node: lastText, offset: lastText.length } : { node: block.element, offset: 0 };
  }
}

function localOffset(container: HTMLElement, node: Node, nodeOffset: number): number {
  const before = document.createRange();
  before.setStart(container, 0);
  before.setEnd(node, nodeOffset);
  return before.toString().length;
}
