"use client";

import { useTranslations } from "next-intl";
import { previewImportAction } from "../actions";
import { ArticleEditor } from "./article-editor";
import { ImportSteps } from "./import-steps";

/** Adding an article: where its text comes from, then the preview to check and correct before saving. */
export function ArticleImporter({ groupId, locale }: { groupId: string; locale: string }) {
  const t = useTranslations("articleImport");
  return (
    <ImportSteps read={(form) => previewImportAction(groupId, form)}>
      {(preview) => (
        <>
          {preview.notices?.pagesWithoutText?.length ? (
            <p className="alert alert-warn" role="status" data-testid="import-notice">
              {t("pagesWithoutText", { count: preview.notices.pagesWithoutText.length, pages: preview.notices.pagesWithoutText.join(", ") })}
            </p>
          ) : null}
          <ArticleEditor groupId={groupId} articleId={null} initialDetails={preview.details} initialBlocks={preview.blocks} locale={locale} />
        </>
      )}
    </ImportSteps>
  );
}
