"use client";

import { useEffect, useRef } from "react";

/** One heading in the table of contents. */
export type TocEntry = { id: string; text: string; level: number };

/**
 * The table of contents: a disclosure that is closed on phones (so the text comes first) and
 * opened on wide screens, where it sits beside the text.
 */
export function ReaderToc({ label, entries }: { label: string; entries: TocEntry[] }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (details.current && window.matchMedia("(min-width: 75rem)").matches) details.current.open = true;
  }, []);
  return (
    <nav className="reader-toc" aria-label={label}>
      <details ref={details}>
        <summary>{label}</summary>
        <ol>
          {entries.map((entry) => (
            <li key={entry.id} className={entry.level > 2 ? "reader-toc-sub" : undefined}>
              <a href={`#${entry.id}`}>{entry.text}</a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
