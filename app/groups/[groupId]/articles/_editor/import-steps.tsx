"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type ReactNode } from "react";
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

  if (!preview) return <ImportSourceForm read={read} onPreview={setPreview} />;

  return (
    <div>
      <div className="spread preview-head">
        <PreviewHeading>{t("previewReady", { blocks: preview.blocks.length })}</PreviewHeading>
        <button type="button" className="link-button" onClick={() => setPreview(null)}>
          ← {t("back")}
        </button>
      </div>
      {children(preview)}
    </div>
  );
}

/**
 * Takes keyboard focus as it appears, so a screen reader says the preview is there (the source
 * form, where focus was, is gone) and the next Tab goes on into the preview.
 */
function PreviewHeading({ children }: { children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h2 ref={heading} tabIndex={-1} className="visually-hidden">
      {children}
    </h2>
  );
}
