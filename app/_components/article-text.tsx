"use client";

import { Fragment, type ReactNode } from "react";
import { paragraphNumbers, type Block, type PageBreak } from "@/lib/article/blocks";
import { hasPages, pageStarts } from "@/lib/article/pages";
import { segmentText, type Segment } from "@/lib/article/segments";

/**
 * What the text says besides itself, as patterns in the reader's language: a paragraph's
 * number for screen readers ("Paragraph {n}"), a page in full ("Page {page}") and short, for
 * the margin ("p. {page}"). Patterns, not functions, because they cross to the browser.
 */
export type ArticleTextLabels = { paragraph: string; page: string; pageShort: string };

type PageLabels = { page: (page: string) => string; short: (page: string) => string };

type PageStart = PageBreak & { anchor?: string };

/**
 * Renders an article's blocks. Every block is an element with `data-block-id`; every text
 * block holds exactly one `data-block-text` element whose text content equals the block's
 * text, so offsets in the canonical text map onto the page. Paragraph numbers sit in the
 * margin, outside that element (hidden from selection; read out as "Paragraph n"). Numbered
 * blocks carry the anchor `p-n`, headings their block id; image blocks carry no text.
 * For a document with pages (a PDF, a book), an empty marker stands where each page begins —
 * inside the text element but without text, so offsets are unchanged — labelled for screen
 * readers, shown as "p. 14" in the margin, and the target of `#page-14`.
 *
 * A client component although nothing in it changes: its props (the blocks, about the size of
 * the text) travel to the browser in place of the rendered elements, which weighed twice that
 * in every page's HTML, and it renders the same markup on the server and in the browser.
 */
export function ArticleText({ blocks, labels }: { blocks: Block[]; labels: ArticleTextLabels }) {
  const numbers = paragraphNumbers(blocks);
  const starts = hasPages(blocks) ? pageStarts(blocks) : new Map<string, PageStart[]>();
  const numberLabel = (n: number) => labels.paragraph.replace("{n}", String(n));
  const pageLabels: PageLabels = { page: (page) => labels.page.replace("{page}", page), short: (page) => labels.pageShort.replace("{page}", page) };
  return (
    <div className={starts.size > 0 ? "article article-paged" : "article"}>
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
            <BlockBody block={block} starts={starts.get(block.id) ?? []} pageLabels={pageLabels} />
          </div>
        );
      })}
    </div>
  );
}

function BlockBody({ block, starts, pageLabels }: { block: Block; starts: PageStart[]; pageLabels: PageLabels | undefined }) {
  const content = <InlineText block={block} starts={starts} pageLabels={pageLabels} />;
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
    case "note":
      return (
        <p className="note" data-block-text>
          {content}
        </p>
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

function InlineText({ block, starts, pageLabels }: { block: Block; starts: PageStart[]; pageLabels: PageLabels | undefined }): ReactNode {
  const segments = segmentText(
    block.text,
    block.marks,
    starts.map((start) => start.at),
  );
  return segments.map((segment) => {
    const start = pageLabels ? starts.find((candidate) => candidate.at === segment.start) : undefined;
    return (
      <Fragment key={segment.start}>
        {start && pageLabels ? <PageMarker start={start} labels={pageLabels} /> : null}
        <SegmentView segment={segment} />
      </Fragment>
    );
  });
}

function PageMarker({ start, labels }: { start: PageStart; labels: PageLabels }) {
  return (
    <span
      className={start.at === 0 ? "page-start page-start-block" : "page-start"}
      id={start.anchor}
      role="doc-pagebreak separator"
      aria-label={labels.page(start.page)}
      data-page={labels.short(start.page)}
      data-page-start={start.page}
    />
  );
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
