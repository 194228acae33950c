import { randomUUID } from "node:crypto";
import { and, count, desc, eq } from "drizzle-orm";
import { countWords, type Block } from "../lib/article/blocks";
import type { ArticleDetails } from "../lib/article/draft";
import { AppError } from "../lib/errors";
import { db, transaction } from "./client";
import { articles, articleVersions, studySessions, users } from "./schema";

/** An article's descriptive details. */
export type ArticleMetadata = ArticleDetails;

/** An article as listed in its group. */
export type ArticleSummary = ArticleMetadata & { id: string; latestVersion: number; wordCount: number; createdAt: Date };

/** One fixed text of an article, as a study session reads it. */
export type ArticleVersion = { id: string; articleId: string; version: number; blocks: Block[]; wordCount: number };

/** Adds an article to a group as version 1 of its text. */
export async function createArticle(input: ArticleMetadata & { groupId: string; blocks: Block[]; createdBy: string }): Promise<{ id: string; versionId: string }> {
  const id = randomUUID();
  const versionId = randomUUID();
  const { blocks, groupId, createdBy, ...metadata } = input;
  await transaction(async (tx) => {
    await tx.insert(articles).values({ id, groupId, createdBy, ...metadata });
    await tx.insert(articleVersions).values({ id: versionId, articleId: id, version: 1, blocks, wordCount: countWords(blocks), createdBy });
  });
  return { id, versionId };
}

const metadataColumns = {
  title: articles.title,
  author: articles.author,
  sourceName: articles.sourceName,
  sourceUrl: articles.sourceUrl,
  publishedOn: articles.publishedOn,
  language: articles.language,
};

/** A group's articles, newest first, with their latest version number and length. */
export async function listArticles(groupId: string): Promise<ArticleSummary[]> {
  const rows = await db()
    .select({ id: articles.id, createdAt: articles.createdAt, ...metadataColumns })
    .from(articles)
    .where(eq(articles.groupId, groupId))
    .orderBy(desc(articles.createdAt));
  return Promise.all(
    rows.map(async (row) => {
      const latest = await latestArticleVersion(row.id);
      return { ...row, latestVersion: latest?.version ?? 0, wordCount: latest?.wordCount ?? 0 };
    }),
  );
}

/** One of a group's articles, or undefined when it belongs to another group. */
export async function findArticle(groupId: string, articleId: string): Promise<(ArticleMetadata & { id: string }) | undefined> {
  return (
    await db()
      .select({ id: articles.id, ...metadataColumns })
      .from(articles)
      .where(and(eq(articles.groupId, groupId), eq(articles.id, articleId)))
  )[0];
}

/** The newest version of an article's text. */
export async function latestArticleVersion(articleId: string): Promise<ArticleVersion | undefined> {
  const row = (await db().select().from(articleVersions).where(eq(articleVersions.articleId, articleId)).orderBy(desc(articleVersions.version)).limit(1))[0];
  return row && toVersion(row);
}

/** One version of an article's text as the article page lists it. */
export type ArticleVersionSummary = { id: string; version: number; wordCount: number; createdAt: Date; createdByName: string | null; sessionCount: number };

/** Every version of an article, newest first, with who made it and how many sessions read it. */
export async function listArticleVersions(articleId: string): Promise<ArticleVersionSummary[]> {
  const sessionCounts = await db()
    .select({ versionId: studySessions.articleVersionId, sessions: count() })
    .from(studySessions)
    .where(eq(studySessions.articleId, articleId))
    .groupBy(studySessions.articleVersionId);
  const counts = new Map(sessionCounts.map((row) => [row.versionId, row.sessions]));
  return (
    await db()
      .select({
        id: articleVersions.id,
        version: articleVersions.version,
        wordCount: articleVersions.wordCount,
        createdAt: articleVersions.createdAt,
        createdByName: users.displayName,
      })
      .from(articleVersions)
      .leftJoin(users, eq(users.id, articleVersions.createdBy))
      .where(eq(articleVersions.articleId, articleId))
      .orderBy(desc(articleVersions.version))
  ).map((row) => ({ ...row, sessionCount: counts.get(row.id) ?? 0 }));
}

/** A version of an article by its number, or undefined. */
export async function findArticleVersionByNumber(articleId: string, version: number): Promise<ArticleVersion | undefined> {
  const row = (
    await db()
      .select()
      .from(articleVersions)
      .where(and(eq(articleVersions.articleId, articleId), eq(articleVersions.version, version)))
  )[0];
  return row && toVersion(row);
}

/** What an edit did to the article's text. */
export type RevisionOutcome = { versionId: string; version: number; change: "unchanged" | "replaced" | "added" };

/**
 * Saves an edit of an article. Details change in place. The text of a version that a study
 * session already reads is never changed: then the edit becomes a new version, which new
 * sessions take. A latest version no session uses yet is corrected in place. Unchanged text
 * changes nothing. All in one transaction, so two editors cannot both add version n+1.
 */
export async function reviseArticle(input: { groupId: string; articleId: string; details: ArticleMetadata; blocks: Block[]; editedBy: string }): Promise<RevisionOutcome> {
  return transaction(async (tx) => {
    const article = (
      await tx
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.id, input.articleId), eq(articles.groupId, input.groupId)))
    )[0];
    if (!article) throw new AppError("NOT_FOUND", "That article is not in this group.");
    await tx.update(articles).set(input.details).where(eq(articles.id, input.articleId));
    const latest = (await tx.select().from(articleVersions).where(eq(articleVersions.articleId, input.articleId)).orderBy(desc(articleVersions.version)).limit(1))[0];
    if (!latest) throw new AppError("NOT_FOUND", "That article has no text.");
    if (JSON.stringify(latest.blocks) === JSON.stringify(input.blocks)) return { versionId: latest.id, version: latest.version, change: "unchanged" };
    const used = (await tx.select({ id: studySessions.id }).from(studySessions).where(eq(studySessions.articleVersionId, latest.id)).limit(1))[0];
    const wordCount = countWords(input.blocks);
    if (!used) {
      await tx.update(articleVersions).set({ blocks: input.blocks, wordCount, createdBy: input.editedBy }).where(eq(articleVersions.id, latest.id));
      return { versionId: latest.id, version: latest.version, change: "replaced" };
    }
    const versionId = randomUUID();
    await tx.insert(articleVersions).values({ id: versionId, articleId: input.articleId, version: latest.version + 1, blocks: input.blocks, wordCount, createdBy: input.editedBy });
    return { versionId, version: latest.version + 1, change: "added" };
  });
}

/** A specific version of an article's text. */
export async function findArticleVersion(versionId: string): Promise<ArticleVersion | undefined> {
  const row = (await db().select().from(articleVersions).where(eq(articleVersions.id, versionId)))[0];
  return row && toVersion(row);
}

function toVersion(row: typeof articleVersions.$inferSelect): ArticleVersion {
  return {
    id: row.id,
    articleId: row.articleId,
    version: row.version,
    blocks: row.blocks as Block[],
    wordCount: row.wordCount,
  };
}
