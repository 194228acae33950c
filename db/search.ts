import { eq, sql } from "drizzle-orm";
import { paragraphNumbers, placeBlocks, type Block } from "../lib/article/blocks";
import { fitAlignment, type Alignment } from "../lib/editions/alignment";
import { blockIn, placeInOriginal, type ReadingEdition } from "../lib/editions/editions";
import { AppError } from "../lib/errors";
import { markedSnippet, queryWords, toMatchExpression } from "../lib/search/query";
import type { SessionStatusName } from "../lib/session-status";
import { databaseEngine, db, rawRows, runRaw } from "./client";
import { postgresSearchQuery, sqliteSearchQuery } from "./search-sql";
import { roleInGroup } from "./groups";
import { articleEditions, articleVersions } from "./schema";
import { latestArticleVersion } from "./articles";

/**
 * The sources full-text search covers. Triggers on each source's table note its changed items
 * (db/migrations/0006_search_indexer.sql); the search indexer derives their `search_entries`
 * in batches (db/search-index.ts, rules in db/search-index-sql.ts). A new source is a migration
 * with its triggers, its statements in search-index-sql.ts and one entry here.
 */
export const searchSources = ["article", "annotation", "reply", "message", "question", "answer"] as const;

/** One searchable source. */
export type SearchSource = (typeof searchSources)[number];

/** One hit, with everything needed to show it and open the exact place. */
export type SearchHit = {
  source: SearchSource;
  sourceId: string;
  groupId: string;
  groupName: string;
  articleId: string | null;
  articleTitle: string | null;
  sessionId: string | null;
  sessionTitle: string | null;
  sessionStatus: SessionStatusName | null;
  authorName: string | null;
  /** A block id (article text), the annotation or question whose thread holds the hit, or the message. */
  locator: string;
  /** The paragraph number of the passage, when it has one (in the original, for text or a passage of an edition: the paragraph aligned with it). */
  paragraph: number | null;
  /** The original's block to scroll to, for article text and passages. */
  blockId: string | null;
  /** The language of the article edition the text or passage is in, when it is an edition in another language; null for the original. */
  language: string | null;
  /** The matched text with MATCH_START/MATCH_END around each matched word. */
  snippet: string;
  /** The quoted passage an annotation or reply is about. */
  context: string;
  createdAt: Date;
};

/** How many of the most recent matches are ranked by relevance (see searchForUser). */
export const RANK_WINDOW = 2000;

/** What a search found: a page of hits and whether more follow. */
export type SearchResult = { hits: SearchHit[]; more: boolean };

type Row = {
  source: SearchSource;
  source_id: string;
  group_id: string;
  group_name: string;
  article_id: string | null;
  article_title: string | null;
  session_id: string | null;
  session_title: string | null;
  session_status: SessionStatusName | null;
  article_version_id: string | null;
  author_name: string | null;
  locator: string;
  position: number | null;
  edition_id: string | null;
  edition_language: string | null;
  title: string;
  body: string;
  context: string;
  created_at: number | Date;
};

/**
 * Searches what one person may see: only the groups they belong to, their own private notes
 * and nobody else's, nothing hidden or deleted. Accent- and case-insensitive; best matches first.
 * Asking for a group they are not in is refused.
 */
export async function searchForUser(input: {
  userId: string;
  query: string;
  groupId?: string;
  sources?: readonly SearchSource[];
  limit?: number;
  offset?: number;
}): Promise<SearchResult> {
  const match = toMatchExpression(input.query);
  if (!match) return { hits: [], more: false };
  if (input.groupId && !(await roleInGroup(input.groupId, input.userId))) {
    throw new AppError("NOT_FOUND", "You can only search the groups you belong to, and you are not a member of that one.");
  }
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const offset = Math.max(input.offset ?? 0, 0);
  const sources = (input.sources ?? []).filter((source) => (searchSources as readonly string[]).includes(source));
  // Ranking every match of a very common word costs time in proportion to the matches, so the
  // best matches are picked among the RANK_WINDOW most recent ones; a narrower query or a
  // group or kind filter reaches older ones.
  const scope = { userId: input.userId, groupId: input.groupId, sources, limit: limit + 1, offset, rankWindow: RANK_WINDOW };
  const query = databaseEngine() === "postgres" ? postgresSearchQuery({ ...scope, words: queryWords(input.query) }) : sqliteSearchQuery({ ...scope, match });
  const rows = await rawRows<Row>(query);
  const places = new PlaceFinder();
  const hits: SearchHit[] = [];
  for (const row of rows.slice(0, limit)) {
    const place =
      row.source === "article" ? await places.ofBlock(row.article_id, row.locator, row.edition_id) : await places.ofOffset(row.article_version_id, row.position, row.edition_id);
    hits.push({
      source: row.source,
      sourceId: row.source_id,
      groupId: row.group_id,
      groupName: row.group_name,
      articleId: row.article_id,
      articleTitle: row.article_title,
      sessionId: row.session_id,
      sessionTitle: row.session_title,
      sessionStatus: row.session_status,
      authorName: row.author_name,
      locator: row.locator,
      paragraph: place?.paragraph ?? null,
      blockId: place?.blockId ?? null,
      language: row.edition_id ? row.edition_language : null,
      snippet: markedSnippet(row.body, input.query) || markedSnippet(row.title, input.query),
      context: row.context,
      createdAt: new Date(row.created_at),
    });
  }
  return { hits, more: rows.length > limit };
}

/**
 * Finds paragraph numbers for hits, reading each article version's blocks and each edition
 * once per search. Text and passages of an edition in another language are placed on the
 * original's paragraph aligned with them, which the links open.
 */
class PlaceFinder {
  private readonly blocks = new Map<string, Block[]>();
  private readonly editions = new Map<string, { blocks: Block[]; alignment: Alignment } | null>();

  async ofBlock(articleId: string | null, blockId: string, editionId: string | null): Promise<{ paragraph: number | null; blockId: string } | null> {
    if (!articleId) return null;
    const key = `latest:${articleId}`;
    if (!this.blocks.has(key)) this.blocks.set(key, (await latestArticleVersion(articleId))?.blocks ?? []);
    const blocks = this.blocks.get(key)!;
    const original = editionId ? await this.inOriginal(blocks, editionId, (editions) => blockIn(blockId, editions, null)) : blockId;
    if (!original) return null;
    return { paragraph: paragraphNumbers(blocks).get(original) ?? null, blockId: original };
  }

  async ofOffset(versionId: string | null, position: number | null, editionId: string | null): Promise<{ paragraph: number | null; blockId: string } | null> {
    if (!versionId || position === null) return null;
    if (!this.blocks.has(versionId)) {
      const row = (await db().select({ blocks: articleVersions.blocks }).from(articleVersions).where(eq(articleVersions.id, versionId)))[0];
      this.blocks.set(versionId, (row?.blocks as Block[] | undefined) ?? []);
    }
    const blocks = this.blocks.get(versionId)!;
    const at = editionId
      ? await this.inOriginal(blocks, editionId, (editions) => placeInOriginal({ start: position, end: position, edition: editionId }, editions)?.start ?? null)
      : position;
    if (at === null) return null;
    const placed = placeBlocks(blocks).find((candidate) => at >= candidate.start && at <= candidate.end);
    if (!placed) return null;
    return { paragraph: paragraphNumbers(blocks).get(placed.block.id) ?? null, blockId: placed.block.id };
  }

  /** Reads something of an edition against this text of the original, with the edition's alignment fitted to it; null when the edition is gone. */
  private async inOriginal<T>(blocks: Block[], editionId: string, read: (editions: ReadingEdition[]) => T | null): Promise<T | null> {
    if (!this.editions.has(editionId)) {
      const [row] = await db().select({ blocks: articleEditions.blocks, alignment: articleEditions.alignment }).from(articleEditions).where(eq(articleEditions.id, editionId));
      this.editions.set(editionId, row ? { blocks: row.blocks as Block[], alignment: row.alignment as Alignment } : null);
    }
    const edition = this.editions.get(editionId);
    if (!edition) return null;
    return read([
      { id: null, language: "", blocks, alignment: [] },
      { id: editionId, language: "", blocks: edition.blocks, alignment: fitAlignment(edition.alignment, blocks, edition.blocks) },
    ]);
  }
}

/** How many entries the search index holds for a group (for tests and the bench). */
export async function countSearchEntries(groupId: string): Promise<number> {
  const [row] = await rawRows<{ n: number }>(sql`SELECT cast(count(*) AS integer) AS n FROM search_entries WHERE group_id = ${groupId}`);
  return row?.n ?? 0;
}

/**
 * Checks the FTS5 index against its content table ('integrity-check'); throws when they
 * disagree. PostgreSQL keeps its GIN index inside the table's own transactions: nothing to check.
 */
export async function checkSearchIndex(): Promise<void> {
  if (databaseEngine() === "postgres") return;
  await runRaw(sql`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`);
}
