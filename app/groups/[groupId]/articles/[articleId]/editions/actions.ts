"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { findArticle, latestArticleVersion } from "@/db/articles";
import { saveEdition } from "@/db/editions";
import type { Block } from "@/lib/article/blocks";
import { draftBlockSchema, finaliseBlocks, MAX_BLOCKS, type DraftBlock } from "@/lib/article/draft";
import { alignBlocks } from "@/lib/editions/align";
import type { Alignment } from "@/lib/editions/alignment";
import { alignmentSchema } from "@/lib/editions/alignment-schema";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { runAction, type ActionResult } from "@/server/action-result";
import { log } from "@/server/log";
import { readDraft } from "../../_editor/read-draft";
import { previewFailure, readPreview } from "../../_editor/read-preview";
import type { ReadResult } from "../../_editor/import-source-form";

/** What the edition preview shows: the edition's text beside the original's latest version, and the proposed alignment. */
export type EditionPreview = { language: string; title: string; sourceUrl: string; blocks: Block[]; alignment: Alignment };

/** Reads an edition's text (pasted, a file, a web address) and aligns it with the original, paragraph by paragraph. Saves nothing. */
export async function previewEditionAction(groupId: string, articleId: string, formData: FormData): Promise<ReadResult<EditionPreview>> {
  try {
    await authorise(groupId, can.addArticle);
    const original = await originalText(groupId, articleId);
    const read = await readPreview(formData);
    // An edition is the text alone: images stay with the original.
    const blocks = finaliseBlocks(read.blocks.filter((block) => block.type !== "image"));
    if (blocks.length === 0) throw new AppError("EMPTY_ARTICLE", "The edition has no text.");
    return {
      ok: true,
      preview: { language: read.details.language, title: read.details.title, sourceUrl: read.details.sourceUrl, blocks, alignment: alignBlocks(original, blocks) },
    };
  } catch (error) {
    return { ok: false, error: previewFailure(error) };
  }
}

const saveSchema = z.object({
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "The language must be a code such as en or es."),
  title: z.string().trim().min(1, "Give the edition a title.").max(300),
  sourceUrl: z.union([z.literal(""), z.url({ protocol: /^https?$/, message: "The source must be a web address." }).max(2000)]),
  blocks: z.array(draftBlockSchema).min(1).max(MAX_BLOCKS),
  alignment: alignmentSchema,
});

// The fields the facilitator types; a problem elsewhere is in the generated paragraphs or alignment.
const typedFields = ["language", "title", "sourceUrl"] as const;

/** Saves an edition (new, or replacing the one in its language) with the alignment the facilitator checked, then opens the article. */
export async function saveEditionAction(groupId: string, articleId: string, payload: string): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.addArticle);
    const draft = readDraft(payload, saveSchema, {
      unreadable: "The edition could not be read.",
      invalid: "The edition's paragraphs are not valid.",
      typedField: (path) => typedFields.find((field) => field === path[0]) ?? null,
    });
    const { language, title, sourceUrl, alignment } = draft;
    // Ids come from the text again, so an alignment made for other text cannot fit.
    const blocks = finaliseBlocks((draft.blocks as DraftBlock[]).filter((block) => block.type !== "image"));
    const saved = await saveEdition({ groupId, articleId, language, title, sourceUrl, blocks, alignment, editedBy: userId });
    log.info({ event: "edition.saved", articleId, editionId: saved.id, change: saved.change, pairs: alignment.length }, "article edition saved");
    revalidatePath(`/groups/${groupId}/articles/${articleId}`);
    return { ok: true };
  });
  if (result?.ok) redirect(`/groups/${groupId}/articles/${articleId}?edition=saved`);
  return result;
}

async function originalText(groupId: string, articleId: string): Promise<Block[]> {
  const article = await findArticle(groupId, articleId);
  const version = article && (await latestArticleVersion(article.id));
  if (!version) throw new AppError("NOT_FOUND", "That article is not in this group.");
  return version.blocks;
}
