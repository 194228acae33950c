"use client";

import "./editions.css";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import { itemsByAlignedBlock, paragraphCounts } from "@/lib/editions/editions";
import type { AnnotationView } from "@/lib/protocol";
import { CompanionPane } from "./companion-pane";
import { editionKey } from "./edition-key";
import { EditionMarkers } from "./edition-markers";
import type { EditionReadingState } from "./edition-reading";
import { EditionSwitch } from "./edition-switch";

type Props = {
  reading: EditionReadingState;
  /** Annotations of other editions that pass the member's filters. */
  crossByBlock: AnnotationView[];
  /** Every annotation that passes the member's filters, for the counts beside the other edition. */
  shown: AnnotationView[];
  onOpenSpot: (ids: string[], blockId: string | null) => void;
  children: React.ReactNode;
};

/**
 * The article in the edition the member chose: the language switch above it, markers for
 * annotations made in other languages on its paragraphs, and the other edition beside it when
 * the member reads side by side (wide screens).
 */
export function EditionReading({ reading, crossByBlock, shown, onOpenSpot, children }: Props) {
  const t = useTranslations("sessionEditions");
  const [scope, setScope] = useState<HTMLDivElement | null>(null);
  const byBlock = useMemo(() => itemsByAlignedBlock(crossByBlock, reading.editions, reading.reading), [crossByBlock, reading.editions, reading.reading]);
  const companion = reading.reading === null ? (reading.editions.find((edition) => edition.id !== null)?.id ?? null) : null;
  const counts = useMemo(() => paragraphCounts(shown, reading.editions, companion), [shown, reading.editions, companion]);
  return (
    <div className="edition-reading" data-side-by-side={reading.choice.sideBySide || undefined}>
      <EditionSwitch editions={reading.editions} choice={reading.choice} onChoose={reading.choose} />
      {reading.problem ? <ErrorMessage error={{ ...reading.problem, message: t("choiceFailed") }} /> : null}
      <div className="edition-columns">
        <div className="edition-primary" ref={setScope}>
          {children}
        </div>
        {reading.choice.sideBySide ? (
          <CompanionPane editions={reading.editions} shown={companion} title={reading.titles[editionKey(companion)] ?? ""} readingBlock={reading.readingBlock} counts={counts} />
        ) : null}
      </div>
      <EditionMarkers scope={scope} reading={reading.reading} byBlock={byBlock} languages={reading.labels?.languages ?? {}} onOpen={onOpenSpot} />
    </div>
  );
}
