import type { ReactNode } from "react";
import { paragraphNumbers, type Block } from "@/lib/article/blocks";
import { segmentText, type Segment } from "@/lib/article/segments";

/**
 * Renders an article's blocks. Each block's text content equals the block's text exactly,
 * so offsets in the canonical text map onto the page. Paragraph numbers sit in the margin
 * and are excluded from the text (aria-hidden, not selectable).
 */
export function ArticleText({ blocks, numberLabel }: { blocks: Block[]; numberLabel: (n: number) => string }) {
  const numbers = paragraphNumbers(blocks);
  return (
    <div className="article">
      {blocks.map((block) => {
        const number = numbers.get(block.id);
        return (
          <div key={block.id} id={number ? `p-${number}` : block.id} className="article-block" data-block-id={block.id}>
            {number ? (
              <span className="paragraph-number" aria-label={numberLabel(number)} data-paragraph-number>
                {number}
              </span>
            ) : null}
            <BlockBody block={block} />
          </div>
        );
      })}
    </div>
  );
}

function BlockBody({ block }: { block: Block }) {
  const content = <InlineText block={block} />;
  switch (block.type) {
    case "heading":
      return (block.level ?? 2) <= 2 ? <h2 data-block-text>{content}</h2> : <h3 data-block-text>{content}</h3>;
    case "quote":
      return <blockquote data-block-text>{content}</blockquote>;
    case "list_item":
      return (
        <ul className="article-list">
          <li data-block-text>{content}</li>
        </ul>
      );
    case "caption":
      return <p className="caption" data-block-text>{content}</p>;
    case "image":
      return block.image?.src.startsWith("/") ? <img src={block.image.src} alt={block.image.alt} loading="lazy" /> : null;
    default:
      return <p data-block-text>{content}</p>;
  }
}

function InlineText({ block }: { block: Block }): ReactNode {
  return segmentText(block.text, block.marks).map((segment) => <SegmentView key={segment.start} segment={segment} />);
}

function SegmentView({ segment }: { segment: Segment }): ReactNode {
  return segment.marks.reduce<ReactNode>((inner, mark) => {
    if (mark.type === "strong") return <strong>{inner}</strong>;
    if (mark.type === "em") return <em>{inner}</em>;
    if (mark.type === "code") return <code>{inner}</code>;
    return (
      <a href={mark.href} rel="noopener noreferrer nofollow" target="_blank">
        {inner}
      </a>
    );
  }, segment.text);
}
