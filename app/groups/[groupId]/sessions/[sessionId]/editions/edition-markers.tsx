"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { languageTag } from "@/lib/editions/editions";
import { editionKey } from "./edition-key";

type Item = { id: string; edition?: string | null | undefined };

type Props = {
  /** The element holding the rendered article the member reads (its blocks carry `data-block-id`). */
  scope: HTMLElement | null;
  /** Which edition is rendered there now; markers move when it changes. */
  reading: string | null;
  /** Items made on other editions, by the paragraph of this one they are aligned with. */
  byBlock: Map<string, Item[]>;
  /** The language of each edition, by edition id ("original" for the original). */
  languages: Readonly<Record<string, string>>;
  onOpen: (ids: string[], blockId: string) => void;
};

/**
 * Marks each paragraph of the edition being read that has annotations made on another
 * edition: a button at the paragraph's end, tagged with the languages they were made in,
 * that opens them. They are anchored to the paragraph, never to words of another language.
 */
export function EditionMarkers({ scope, reading, byBlock, languages, onOpen }: Props) {
  const t = useTranslations("sessionEditions");
  const [targets, setTargets] = useState<Map<string, HTMLElement>>(new Map());

  useEffect(() => {
    if (!scope) return;
    const found = new Map<string, HTMLElement>();
    for (const element of scope.querySelectorAll<HTMLElement>("[data-block-id]")) found.set(element.dataset.blockId!, element);
    setTargets(found);
  }, [scope, reading]);

  return (
    <>
      {[...byBlock.entries()].map(([blockId, items]) => {
        const target = targets.get(blockId);
        if (!target) return null;
        const tags = [...new Set(items.map((item) => languageTag(languages[editionKey(item.edition)] ?? "")))];
        return createPortal(
          <button
            type="button"
            className="edition-marker"
            data-testid="edition-marker"
            onClick={(event) => {
              event.stopPropagation();
              onOpen(
                items.map((item) => item.id),
                blockId,
              );
            }}
            aria-label={t("markerLabel", { count: items.length, languages: tags.join(", ") })}
          >
            {tags.map((tag) => (
              <span key={tag} className="edition-marker-tag">
                {tag}
              </span>
            ))}
            <span>{t("markerCount", { count: items.length })}</span>
          </button>,
          target,
          `edition-marker-${blockId}`,
        );
      })}
    </>
  );
}
