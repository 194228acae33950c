import type { ReactNode } from "react";
import { paragraphNumbers, type Block } from "@/lib/article/blocks";
import { segmentText, type Segment } from "@/lib/article/segments";

/**
 * Renders an article's blocks. Every block is an element with `data-block-id`; every text
 * block holds exactly one `data-block-text` element whose text content equals the block's
 * text, so offsets in the canonical text map onto the page. Paragraph numbers sit in the
 * margin, outside that element (hidden from selection; read out as "Paragraph n"). Numbered
 * blocks carry the anchor `p-n`, headings their block id; image blocks carry no text.
 */
export function ArticleText({ blocks, numberLabel }: { blocks: Block[]; numberLabel: (n: number) => string }) {
  const numbers = paragraphNumbers(blocks);
  return (
    <div className="article">
      {blocks.map((block) => {
        // Only images stored by this app are shown: reading never requests another host.
        if (block.type === "image" && !block.image?.src.startsWith("/")) return null;
        const number = numbers.get(block.id);
        return (
          <div key={block.id} id={number ? `p-${number}` : block.id} className={`article-block article-block-${block.type}`} data-block-id={block.id}>
            {number ? (
              <>
                <a className="paragraph-number" href={`#p-${number}`} tabIndex={-1} aria-hidden="true" data-paragraph-number>
                  {number}
                </a>
                <span className="visually-hidden paragraph-label">{numberLabel(number)}</span>
              </>
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
        <ul className={block.ordered ? "article-list article-list-ordered" : "article-list"}>
          <li data-block-text>{content}</li>
        </ul>
      );
    case "caption":
      return (
        <p className="caption" data-block-text>
          {content}
        </p>
      );
    case "image":
      return (
        <figure className="article-figure">
          <img src={block.image?.src} alt={block.image?.alt ?? ""} loading="lazy" decoding="async" />
        </figure>
      );
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
