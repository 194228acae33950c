import { z } from "zod";
import type { ArticleDetails, DraftBlock, ImportNotices } from "@/lib/article/draft";
import { importFailure } from "@/lib/article/import-failure";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { readSource, type ImportSource } from "@/server/article-fetch/read-source";
import { fetchSettings } from "@/server/article-fetch/settings";
import { log } from "@/server/log";

const sourceSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("paste"), text: z.string(), format: z.enum(["auto", "markdown", "plain", "html"]).default("auto") }),
  z.object({ source: z.literal("file"), file: z.instanceof(File) }),
  z.object({ source: z.literal("url"), url: z.string().max(4000) }),
]);

/** Reads the source a person chose (pasted text, a file, a web address) into detected details and proposed blocks: what both the article and the edition previews start from. */
export async function readPreview(formData: FormData): Promise<{ details: ArticleDetails; blocks: DraftBlock[]; notices?: ImportNotices }> {
  const parsed = sourceSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw importFailure("noSource", "Paste some text, choose a file or type a web address.");
  const input = parsed.data;
  let source: ImportSource;
  if (input.source === "paste") source = { kind: "paste", text: input.text, format: input.format };
  else if (input.source === "file") source = { kind: "file", name: input.file.name, bytes: new Uint8Array(await input.file.arrayBuffer()) };
  else source = { kind: "url", url: input.url };
  const result = await readSource(source, fetchSettings());
  const details: ArticleDetails = { title: "", author: "", sourceName: "", sourceUrl: "", publishedOn: "", language: "", ...result.details };
  return { details: clampDetails(details), blocks: result.blocks, ...(result.notices && { notices: result.notices }) };
}

/** Logs why a preview failed (refusals at info, surprises at error) and says it to the person. */
export function previewFailure(error: unknown): ErrorBody {
  if (!(error instanceof AppError)) log.error({ event: "article.preview_failed", err: error }, "article preview failed");
  else log.info({ event: "article.preview_refused", reason: error.details?.reason ?? error.code }, "article import refused");
  return toErrorBody(error);
}

// Detected details must fit the same bounds as typed ones.
function clampDetails(details: ArticleDetails): ArticleDetails {
  return {
    title: details.title.slice(0, 300),
    author: details.author.slice(0, 200),
    sourceName: details.sourceName.slice(0, 200),
    sourceUrl: details.sourceUrl.length <= 2000 ? details.sourceUrl : "",
    publishedOn: details.publishedOn,
    language: details.language,
  };
}
