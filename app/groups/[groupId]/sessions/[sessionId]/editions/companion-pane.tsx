"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef } from "react";
import { blockIn, endonym, findReadingEdition, languageTag, type ReadingEdition } from "@/lib/editions/editions";

type Props = {
  editions: ReadingEdition[];
  /** The edition shown beside the one being read. */
  shown: string | null;
  title: string;
  /** The paragraph at the top of the member's own text (any edition's), which this pane follows. */
  readingBlock: string | null;
  /** How many annotations each of this edition's paragraphs has, from every edition, with their languages. */
  counts: Map<string, { count: number; languages: string[] }>;
};

/**
 * The other edition beside the text, on wide screens: read-only, following the member's
 * place through the alignment, with each paragraph's annotations counted (from every edition).
 */
export function CompanionPane({ editions, shown, title, readingBlock, counts }: Props) {
  const t = useTranslations("sessionEditions");
  const pane = useRef<HTMLDivElement>(null);
  const edition = findReadingEdition(editions, shown);
  const target = useMemo(() => (readingBlock ? blockIn(readingBlock, editions, shown) : null), [readingBlock, editions, shown]);

  useEffect(() => {
    const container = pane.current;
    const element = target ? container?.querySelector<HTMLElement>(`[data-companion-block="${CSS.escape(target)}"]`) : null;
    if (!container || !element) return;
    // Scrolls the pane only: the member's own place on the page stays where it is.
    container.scrollTo({ top: element.offsetTop - container.offsetTop - 12, behavior: "smooth" });
  }, [target]);

  if (!edition) return null;
  return (
    <aside
      className="companion-pane"
      ref={pane}
      lang={edition.language || undefined}
      aria-label={t("companionLabel", { language: endonym(edition.language) })}
      // It scrolls on its own: keyboard readers reach it to scroll it with the arrow keys.
      tabIndex={0}
      data-testid="companion-pane"
    >
      <p className="companion-title">{title}</p>
      {edition.blocks
        .filter((block) => block.type !== "image")
        .map((block) => {
          const count = counts.get(block.id);
          const Tag = block.type === "heading" ? "h2" : "p";
          return (
            <div key={block.id} className={`companion-block companion-block-${block.type}`} data-companion-block={block.id} data-current={block.id === target || undefined}>
              <Tag className="companion-text">{block.text}</Tag>
              {count ? (
                <span className="companion-count" aria-label={t("companionCount", { count: count.count, languages: count.languages.join(", ") })}>
                  {count.languages.map((language) => languageTag(language)).join(" ")} · {count.count}
                </span>
              ) : null}
            </div>
          );
        })}
    </aside>
  );
}
