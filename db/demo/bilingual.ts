import { readFileSync } from "node:fs";
import path from "node:path";
import { finaliseBlocks } from "../../lib/article/draft";
import { importMarkdown } from "../../lib/article/markdown-import";
import { alignBlocks } from "../../lib/editions/align";
import { createArticle } from "../articles";
import { saveEdition } from "../editions";
import { scheduleSession } from "../study-sessions";

/**
 * The demo's bilingual article: a union's statement on working hours in English with its
 * Spanish edition (where the translator split one paragraph and joined two), aligned from
 * the structure, and a planned session to read it in both languages.
 */
export async function seedDemoBilingual(input: { groupId: string; ownerId: string; scheduledAt: Date }): Promise<{ articleId: string; editionId: string; sessionId: string }> {
  const english = read("en");
  const spanish = read("es");
  const originalBlocks = finaliseBlocks(english.blocks);
  const editionBlocks = finaliseBlocks(spanish.blocks);
  const article = await createArticle({
    groupId: input.groupId,
    title: english.details.title ?? "",
    author: "Hospitality and Warehouse Workers' Union",
    sourceName: "Study Circle sample text",
    sourceUrl: "",
    publishedOn: "2026-03-16",
    language: "en",
    blocks: originalBlocks,
    createdBy: input.ownerId,
  });
  const edition = await saveEdition({
    groupId: input.groupId,
    articleId: article.id,
    language: "es",
    title: spanish.details.title ?? "",
    sourceUrl: "",
    blocks: editionBlocks,
    alignment: alignBlocks(originalBlocks, editionBlocks),
    editedBy: input.ownerId,
  });
  const session = await scheduleSession({
    groupId: input.groupId,
    articleId: article.id,
    title: "Working hours / La jornada laboral",
    scheduledAt: input.scheduledAt,
    createdBy: input.ownerId,
  });
  return { articleId: article.id, editionId: edition.id, sessionId: session.id };
}

function read(language: "en" | "es") {
  return importMarkdown(readFileSync(path.resolve(process.cwd(), `db/demo/working-hours.${language}.md`), "utf8"));
}
