"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { endonym, type EditionChoice } from "@/lib/editions/editions";

/**
 * The reader's language switch: one radio per edition, each named in its own language, and
 * "side by side" (wide screens) to read the original and an edition together.
 */
export function EditionSwitch({
  editions,
  choice,
  onChoose,
}: {
  editions: { id: string | null; language: string }[];
  choice: EditionChoice;
  onChoose: (choice: EditionChoice) => void;
}) {
  const t = useTranslations("sessionEditions");
  const ids = useId();
  return (
    <fieldset className="edition-switch" data-testid="edition-switch">
      <legend className="visually-hidden">{t("legend")}</legend>
      <span className="edition-switch-label" aria-hidden="true">
        {t("legend")}
      </span>
      {editions.map((edition) => (
        <label key={edition.id ?? "original"} className="edition-choice" lang={edition.language || undefined}>
          <input type="radio" name={`${ids}-edition`} checked={choice.edition === edition.id} onChange={() => onChoose({ ...choice, edition: edition.id })} />
          <span>{endonym(edition.language)}</span>
        </label>
      ))}
      <label className="edition-side-by-side">
        <input type="checkbox" checked={choice.sideBySide} onChange={(event) => onChoose({ ...choice, sideBySide: event.target.checked })} />
        <span>{t("sideBySide")}</span>
      </label>
    </fieldset>
  );
}
