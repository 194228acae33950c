"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import type { Block } from "@/lib/article/blocks";
import { ImportSourceForm } from "../../_editor/import-source-form";
import { previewEditionAction, type EditionPreview } from "./actions";
import { EditionEditor } from "./edition-editor";

/** Adding an edition in two steps: where its text comes from, then the alignment preview. */
export function EditionImporter(props: { groupId: string; articleId: string; locale: string; originalLanguage: string; original: Block[] }) {
  const t = useTranslations("articleImport");
  const [preview, setPreview] = useState<EditionPreview | null>(null);
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
        <EditionEditor {...props} initial={preview} />
      </div>
    );
  }
  return (
    <ImportSourceForm
      read={(form) => previewEditionAction(props.groupId, props.articleId, form)}
      onPreview={(next: EditionPreview) => {
        setPreview(next);
        requestAnimationFrame(() => heading.current?.focus());
      }}
    />
  );
}
