"use client";

import { createContext, useContext } from "react";
import { languageTag } from "@/lib/editions/editions";
import { editionKey } from "./edition-key";

/** What the annotation cards need to know about the session's editions: each one's language, and which one the member reads. */
export type EditionLabels = { languages: Readonly<Record<string, string>>; reading: string | null };

const EditionLabelsContext = createContext<EditionLabels | null>(null);

/** Gives the annotation layer the session's editions (none for a session with one language). */
export function EditionLabelsProvider({ value, children }: { value: EditionLabels | null; children: React.ReactNode }) {
  return <EditionLabelsContext.Provider value={value}>{children}</EditionLabelsContext.Provider>;
}

/** The language an item was made in, when the session has several editions; undefined otherwise. */
export function useItemLanguage(item: { edition?: string | null | undefined }): string | undefined {
  const labels = useContext(EditionLabelsContext);
  return labels ? labels.languages[editionKey(item.edition)] : undefined;
}

/** A short tag ("ES") on an item made on another edition than the one the member reads. */
export function EditionTag({ item }: { item: { edition?: string | null | undefined } }) {
  const labels = useContext(EditionLabelsContext);
  if (!labels || editionKey(item.edition) === editionKey(labels.reading)) return null;
  const language = labels.languages[editionKey(item.edition)] ?? "";
  const name = language ? new Intl.DisplayNames([language], { type: "language" }).of(language) : undefined;
  return (
    <span className="tag edition-tag" lang={language || undefined} title={name} data-testid="edition-tag">
      {languageTag(language)}
    </span>
  );
}
