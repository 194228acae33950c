"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createArticle, reviseArticle } from "@/db/articles";
import { articleDetailsSchema, draftBlockSchema, finaliseBlocks, MAX_BLOCKS, type ArticleDetails, type DraftBlock, type ImportNotices } from "@/lib/article/draft";
import { AppError, type ErrorBody } from "@/lib/errors";
import { can } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { runAction, type ActionResult } from "@/server/action-result";
import { localiseImages } from "@/server/article-fetch/localise-images";
import { fetchSettings } from "@/server/article-fetch/settings";
import { log } from "@/server/log";
import { readDraft } from "./_editor/read-draft";
import { previewFailure, readPreview } from "./_editor/read-preview";

/** What the preview starts from: detected details, proposed blocks, and anything the person should know (pages without text). */
export type ImportPreview = { details: ArticleDetails; blocks: DraftBlock[]; notices?: ImportNotices };

/** The answer to a preview request: the preview, or why the source could not be read. */
export type PreviewResult = { ok: true; preview: ImportPreview } | { ok: false; error: ErrorBody };

/** Reads pasted text, an uploaded file or a web page into a preview. Saves nothing. */
export async function previewImportAction(groupId: string, formData: FormData): Promise<PreviewResult> {
  try {
    await authorise(groupId, can.addArticle);
    return { ok: true, preview: await readPreview(formData) };
  } catch (error) {
    return { ok: false, error: previewFailure(error) };
  }
}

const saveSchema = z.object({
  details: articleDetailsSchema,
  blocks: z.array(draftBlockSchema).max(MAX_BLOCKS),
  images: z.enum(["store", "omit"]),
});

/**
 * Saves the previewed (and corrected) article: a new article, or an edit of `articleId`. Images
 * are stored locally or left out, as chosen; then the blocks are finalised and saved.
 */
export async function saveArticleAction(groupId: string, articleId: string | null, payload: string): Promise<ActionResult> {
  let target = "";
  const result = await runAction(async () => {
    const { userId } = await authorise(groupId, can.addArticle);
    const draft = readDraft(payload, saveSchema, {
      unreadable: "The article could not be read.",
      invalid: "The article's blocks are not valid.",
      typedField: (path) => (path[0] === "details" ? String(path[1] ?? "") : null),
    });
    const { details, images } = draft;
    const localised = await localiseImages(groupId, draft.blocks as DraftBlock[], images, fetchSettings());
    const blocks = finaliseBlocks(localised.blocks);
    if (!blocks.some((block) => block.type !== "image")) throw new AppError("EMPTY_ARTICLE", "The article has no text.");
    const notice = new URLSearchParams();
    if (localised.omitted > 0 && images === "store") notice.set("omitted", String(localised.omitted));
    if (articleId) {
      const outcome = await reviseArticle({ groupId, articleId, details, blocks, editedBy: userId });
      notice.set("saved", outcome.change);
      notice.set("version", String(outcome.version));
      target = `/groups/${groupId}/articles/${articleId}?${notice}`;
      log.info({ event: "article.revised", articleId, version: outcome.version, change: outcome.change }, "article revised");
    } else {
      const created = await createArticle({ ...details, groupId, blocks, createdBy: userId });
      notice.set("saved", "created");
      target = `/groups/${groupId}/articles/${created.id}?${notice}`;
      log.info({ event: "article.created", articleId: created.id, blocks: blocks.length, imagesStored: localised.stored }, "article created");
    }
    revalidatePath(`/groups/${groupId}`);
    return { ok: true };
  });
  if (result?.ok) redirect(target);
  return result;
}
