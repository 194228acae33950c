"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { previewImportAction, type ImportPreview } from "../actions";
import { ArticleEditor } from "./article-editor";
import { ImportSourceForm } from "./import-source-form";

/**
 * Adding an article in two steps: choose where the text comes from (paste, file, web address),
 * then check and correct the preview. Nothing is saved before the second step's save button.
 */
export function ArticleImporter({ groupId, locale }: { groupId: string; locale: string }) {
  const t = useTranslations("articleImport");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  if (preview) {
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
        {preview.notices?.pagesWithoutText?.length ? (
          <p className="alert alert-warn" role="status" data-testid="import-notice">
            {t("pagesWithoutText", { count: preview.notices.pagesWithoutText.length, pages: preview.notices.pagesWithoutText.join(", ") })}
          </p>
        ) : null}
        <ArticleEditor groupId={groupId} articleId={null} initialDetails={preview.details} initialBlocks={preview.blocks} locale={locale} />
      </div>
    );
  }

  return (
    <ImportSourceForm
      read={(form) => previewImportAction(groupId, form)}
      onPreview={(next: ImportPreview) => {
        setPreview(next);
        requestAnimationFrame(() => heading.current?.focus());
      }}
    />
  );
}
