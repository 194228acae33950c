"use client";

import type { Block } from "@/lib/article/blocks";
import { ImportSteps } from "../../_editor/import-steps";
import { previewEditionAction } from "./actions";
import { EditionEditor } from "./edition-editor";

/** Adding an edition: where its text comes from, then the alignment preview. */
export function EditionImporter(props: { groupId: string; articleId: string; locale: string; originalLanguage: string; original: Block[] }) {
  return <ImportSteps read={(form) => previewEditionAction(props.groupId, props.articleId, form)}>{(preview) => <EditionEditor {...props} initial={preview} />}</ImportSteps>;
}
