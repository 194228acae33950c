import type { ReactNode } from "react";
import { countWords, readingMinutes, type Block } from "@/lib/article/blocks";
import { hasPages } from "@/lib/article/pages";
import type { TextSize } from "@/lib/reader-preferences";
import { ArticleText, type ArticleTextLabels } from "../article-text";
import { ReaderControls, type ReaderControlLabels } from "./reader-controls";
import { ReaderToc } from "./reader-toc";

/** Everything the reader says, already in the reader's language. */
export type ReaderLabels = {
  /** Plain strings only: they cross into a client component. */
  controls: ReaderControlLabels;
  contents: string;
  readingTime: (minutes: number) => string;
  published: (date: string) => string;
  /** The text's own labels (paragraph and page numbers), as patterns: they cross into a client component. */
  text: ArticleTextLabels;
};

/** What the reader shows about an article besides its text. */
export type ReaderArticle = { title: string; author: string; sourceName: string; sourceUrl: string; publishedOn: string; language: string };

type Props = {
  article: ReaderArticle;
  blocks: Block[];
  labels: ReaderLabels;
  textSize: TextSize;
  theme: "light" | "dark";
  /** Formats the publication date (YYYY-MM-DD) for the reader's locale. */
  formatDate: (isoDate: string) => string;
  /** Extra actions in the header, such as an edit link. */
  actions?: ReactNode;
};

/**
 * The article as a group reads it: server-rendered, with a table of contents, paragraph
 * numbers in the margin, reading time and the text-size and theme controls. The text itself
 * is ArticleText, so the annotation layer finds the same `data-block-*` elements here.
 */
export function Reader({ article, blocks, labels, textSize, theme, formatDate, actions }: Props) {
  const headings = blocks.filter((block) => block.type === "heading").map((block) => ({ id: block.id, text: block.text, level: block.level ?? 2 }));
  const minutes = readingMinutes(countWords(blocks));
  const meta: ReactNode[] = [];
  if (article.author) meta.push(article.author);
  if (article.sourceName || article.sourceUrl) {
    meta.push(
      article.sourceUrl ? (
        <a href={article.sourceUrl} rel="noopener noreferrer nofollow" target="_blank">
          {article.sourceName || hostOf(article.sourceUrl)}
        </a>
      ) : (
        article.sourceName
      ),
    );
  }
  if (article.publishedOn) meta.push(labels.published(formatDate(article.publishedOn)));
  meta.push(labels.readingTime(minutes));

  const withToc = headings.length >= 2;
  // The frame is the container the layout asks about: beside a session's sidebar the text column
  // is narrower than the screen, and the contents then go above the text instead of beside it.
  const classes = ["reader", withToc ? "reader-with-toc" : "", hasPages(blocks) ? "reader-paged" : ""].filter(Boolean).join(" ");
  return (
    <div className="reader-frame">
      <article className={classes} data-reader lang={article.language || undefined} style={{ "--reader-scale": textSize / 100 } as React.CSSProperties}>
        <header className="reader-header">
          <h1 className="reader-title">{article.title}</h1>
          <p className="reader-meta">
            {meta.map((item, index) => (
              <span key={index} className="reader-meta-item">
                {item}
              </span>
            ))}
          </p>
          <div className="reader-bar">
            <ReaderControls labels={labels.controls} initialSize={textSize} initialTheme={theme} />
            {actions}
          </div>
        </header>
        {withToc ? <ReaderToc label={labels.contents} entries={headings} /> : null}
        <ArticleText blocks={blocks} labels={labels.text} />
      </article>
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}
