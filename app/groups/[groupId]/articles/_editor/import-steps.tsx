"use client";

import { useTranslations } from "next-intl";
import { useRef, useState, type ReactNode } from "react";
import { ImportSourceForm, type ReadResult } from "./import-source-form";

/**
 * An import in two steps, for an article and an edition alike: where the text comes from
 * (paste, file, web address), then the preview `children` makes of what `read` answered, with a
 * way back to the first step. Nothing is saved before the preview's own save button.
 */
export function ImportSteps<Preview extends { blocks: readonly unknown[] }>({
  read,
  children,
}: {
  read: (form: FormData) => Promise<ReadResult<Preview>>;
  children: (preview: Preview) => ReactNode;
}) {
  const t = useTranslations("articleImport");
  const [preview, setPreview] = useState<Preview | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  if (!preview) {
    return (
      <ImportSourceForm
        read={read}
        onPreview={(next: Preview) => {
          setPreview(next);
          requestAnimationFrame(() => heading.current?.focus());
        }}
      />
    );
  }

  return (
    <div>
      <div className="spread preview-head">
        <h2 ref={heading} tabIndex={-1} className="visually-hidden">
          {t("previewReady", { blocks: preview.blocks.length })}
        </h2>
        <button type="button" className="link-button" onClick={() => setPreview(null)}>
          ← {t("back")}
        </button>
      </div>
      {children(preview)}
    </div>
  );
}
