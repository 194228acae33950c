import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { countWords, type Block } from "../lib/article/blocks";
import { db } from "./client";
import { articles, articleVersions } from "./schema";

/** An article's descriptive details. */
export type ArticleMetadata = {
  title: string;
  author: string;
  sourceName: string;
  sourceUrl: string;
  publishedOn: string;
  language: string;
};

/** An article as listed in its group. */
export type ArticleSummary = ArticleMetadata & { id: string; latestVersion: number; wordCount: number; createdAt: Date };

/** One fixed text of an article, as a study session reads it. */
export type ArticleVersion = { id: string; articleId: string; version: number; blocks: Block[]; wordCount: number };

/** Adds an article to a group as version 1 of its text. */
export function createArticle(input: ArticleMetadata & { groupId: string; blocks: Block[]; createdBy: string }): { id: string; versionId: string } {
  const id = randomUUID();
  const versionId = randomUUID();
  const { blocks, groupId, createdBy, ...metadata } = input;
  db().transaction((tx) => {
    tx.insert(articles).values({ id, groupId, createdBy, ...metadata }).run();
    tx.insert(articleVersions)
      .values({ id: versionId, articleId: id, version: 1, blocks, wordCount: countWords(blocks), createdBy })
      .run();
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
export function listArticles(groupId: string): ArticleSummary[] {
  const rows = db()
    .select({ id: articles.id, createdAt: articles.createdAt, ...metadataColumns })
    .from(articles)
    .where(eq(articles.groupId, groupId))
    .orderBy(desc(articles.createdAt))
    .all();
  return rows.map((row) => {
    const latest = latestArticleVersion(row.id);
    return { ...row, latestVersion: latest?.version ?? 0, wordCount: latest?.wordCount ?? 0 };
  });
}

/** One of a group's articles, or undefined when it belongs to another group. */
export function findArticle(groupId: string, articleId: string): (ArticleMetadata & { id: string }) | undefined {
  return db()
    .select({ id: articles.id, ...metadataColumns })
    .from(articles)
    .where(and(eq(articles.groupId, groupId), eq(articles.id, articleId)))
    .get();
}

/** The newest version of an article's text. */
export function latestArticleVersion(articleId: string): ArticleVersion | undefined {
  const row = db()
    .select()
    .from(articleVersions)
    .where(eq(articleVersions.articleId, articleId))
    .orderBy(desc(articleVersions.version))
    .limit(1)
    .get();
  return row && toVersion(row);
}

/** A specific version of an article's text. */
export function findArticleVersion(versionId: string): ArticleVersion | undefined {
  const row = db().select().from(articleVersions).where(eq(articleVersions.id, versionId)).get();
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
