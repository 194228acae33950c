import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import { canonicalText, countWords, type Block } from "../lib/article/blocks";
import { alignmentProblem, fitAlignment, type Alignment } from "../lib/editions/alignment";
import type { EditionChoice, ReadingEdition } from "../lib/editions/editions";
import { AppError } from "../lib/errors";
import { db, transaction } from "./client";
import { articleEditions, articles, articleVersions, editionChoices } from "./schema";

/** An edition as the article page lists it. */
export type EditionSummary = { id: string; language: string; title: string; wordCount: number; updatedAt: Date };

/** One edition with its text and its alignment with the original. */
export type Edition = EditionSummary & { articleId: string; sourceUrl: string; blocks: Block[]; alignment: Alignment; articleVersionId: string };

/** What saving an edition takes: its text and details, and how it lines up with the original's latest version. */
export type EditionInput = {
  groupId: string;
  articleId: string;
  language: string;
  title: string;
  sourceUrl: string;
  blocks: Block[];
  alignment: Alignment;
  editedBy: string;
};

/**
 * Adds an article's edition in a language, or replaces the one it has in that language,
 * aligned with the original's latest version. Refuses the original's own language and an
 * alignment that does not cover both texts in order.
 */
export async function saveEdition(input: EditionInput): Promise<{ id: string; change: "created" | "replaced" }> {
  return transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id, language: articles.language })
      .from(articles)
      .where(and(eq(articles.id, input.articleId), eq(articles.groupId, input.groupId)));
    if (!article) throw new AppError("NOT_FOUND", "That article is not in this group.");
    if (article.language === input.language) throw new AppError("BAD_REQUEST", "The original is already in that language: choose the edition's language.", { field: "language" });
    const [original] = await tx.select().from(articleVersions).where(eq(articleVersions.articleId, input.articleId)).orderBy(desc(articleVersions.version)).limit(1);
    if (!original) throw new AppError("NOT_FOUND", "That article has no text.");
    const problem = alignmentProblem(input.alignment, original.blocks as Block[], input.blocks);
    if (problem) throw new AppError("BAD_REQUEST", problem);
    const now = new Date();
    const fields = {
      title: input.title,
      sourceUrl: input.sourceUrl,
      blocks: input.blocks,
      wordCount: countWords(input.blocks),
      alignment: input.alignment,
      articleVersionId: original.id,
      updatedAt: now,
    };
    const [existing] = await tx
      .select({ id: articleEditions.id })
      .from(articleEditions)
      .where(and(eq(articleEditions.articleId, input.articleId), eq(articleEditions.language, input.language)));
    if (existing) {
      await tx.update(articleEditions).set(fields).where(eq(articleEditions.id, existing.id));
      return { id: existing.id, change: "replaced" as const };
    }
    const id = randomUUID();
    await tx.insert(articleEditions).values({ id, articleId: input.articleId, language: input.language, createdBy: input.editedBy, ...fields });
    return { id, change: "created" as const };
  });
}

/** An article's editions, by language. */
export async function listEditions(articleId: string): Promise<EditionSummary[]> {
  return await db()
    .select({
      id: articleEditions.id,
      language: articleEditions.language,
      title: articleEditions.title,
      wordCount: articleEditions.wordCount,
      updatedAt: articleEditions.updatedAt,
    })
    .from(articleEditions)
    .where(eq(articleEditions.articleId, articleId))
    .orderBy(asc(articleEditions.language));
}

/** One edition of an article, or undefined when the article has no such edition. */
export async function findEdition(articleId: string, editionId: string): Promise<Edition | undefined> {
  const [row] = await db()
    .select()
    .from(articleEditions)
    .where(and(eq(articleEditions.articleId, articleId), eq(articleEditions.id, editionId)));
  return row && toEdition(row);
}

/** One text of an article as a session reads it, with the title and address it was published under. */
export type SessionEdition = ReadingEdition & { title: string; sourceUrl: string };

/**
 * Every text a session of this article reads: the original's version it reads, then each
 * edition with its alignment fitted to that version (the original may have changed since).
 */
export async function readingEditions(article: { id: string; language: string; title: string; sourceUrl: string }, version: { blocks: Block[] }): Promise<SessionEdition[]> {
  const rows = await db().select().from(articleEditions).where(eq(articleEditions.articleId, article.id)).orderBy(asc(articleEditions.language));
  return [
    { id: null, language: article.language, title: article.title, sourceUrl: article.sourceUrl, blocks: version.blocks, alignment: [] },
    ...rows.map((row) => {
      const blocks = row.blocks as Block[];
      return {
        id: row.id,
        language: row.language,
        title: row.title,
        sourceUrl: row.sourceUrl,
        blocks,
        alignment: fitAlignment(row.alignment as Alignment, version.blocks, blocks),
      };
    }),
  ];
}

/** The edition a member last chose to read an article in: the original, alone, when they never chose. */
export async function editionChoice(userId: string, articleId: string): Promise<EditionChoice> {
  const [row] = await db()
    .select({ editionId: editionChoices.editionId, sideBySide: editionChoices.sideBySide })
    .from(editionChoices)
    .where(and(eq(editionChoices.userId, userId), eq(editionChoices.articleId, articleId)));
  return row ? { edition: row.editionId, sideBySide: row.sideBySide } : { edition: null, sideBySide: false };
}

/** Remembers which edition a member reads an article in; an edition of another article is refused. */
export async function chooseEdition(userId: string, articleId: string, choice: EditionChoice): Promise<void> {
  await transaction(async (tx) => {
    if (choice.edition !== null) {
      const [edition] = await tx
        .select({ id: articleEditions.id })
        .from(articleEditions)
        .where(and(eq(articleEditions.id, choice.edition), eq(articleEditions.articleId, articleId)));
      if (!edition) throw new AppError("NOT_FOUND", "That article has no such edition.");
    }
    const values = { editionId: choice.edition, sideBySide: choice.sideBySide, updatedAt: new Date() };
    await tx
      .insert(editionChoices)
      .values({ userId, articleId, ...values })
      .onConflictDoUpdate({ target: [editionChoices.userId, editionChoices.articleId], set: values });
  });
}

function toEdition(row: typeof articleEditions.$inferSelect): Edition {
  return {
    id: row.id,
    articleId: row.articleId,
    language: row.language,
    title: row.title,
    sourceUrl: row.sourceUrl,
    blocks: row.blocks as Block[],
    wordCount: row.wordCount,
    alignment: row.alignment as Alignment,
    articleVersionId: row.articleVersionId,
    updatedAt: row.updatedAt,
  };
}

/** When an edition's text last changed, so a cache of its canonical text knows it is stale; undefined when the article has no such edition. */
export async function editionStamp(articleId: string, editionId: string): Promise<number | undefined> {
  const [row] = await db()
    .select({ updatedAt: articleEditions.updatedAt })
    .from(articleEditions)
    .where(and(eq(articleEditions.articleId, articleId), eq(articleEditions.id, editionId)));
  return row?.updatedAt.getTime();
}

/** The canonical text of one edition of an article, or undefined. */
export async function editionText(articleId: string, editionId: string): Promise<string | undefined> {
  const edition = await findEdition(articleId, editionId);
  return edition && canonicalText(edition.blocks);
}
