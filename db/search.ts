import { eq, sql } from "drizzle-orm";
import { paragraphNumbers, placeBlocks, type Block } from "../lib/article/blocks";
import { AppError } from "../lib/errors";
import { markedSnippet, toMatchExpression } from "../lib/search/query";
import type { SessionStatusName } from "../lib/session-status";
import { db } from "./client";
import { roleInGroup } from "./groups";
import { articleVersions } from "./schema";
import { latestArticleVersion } from "./articles";

/**
 * The sources full-text search covers. Each is fed into `search_entries` by triggers on its
 * own table (db/migrations/0004_search.sql); a new source is a migration with its triggers
 * and one entry here.
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
  /** The paragraph number of the passage, when it has one. */
  paragraph: number | null;
  /** The block to scroll to, for article text and passages. */
  blockId: string | null;
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
  title: string;
  body: string;
  context: string;
  created_at: number;
};

/**
 * Searches what one person may see: only the groups they belong to, their own private notes
 * and nobody else's, nothing hidden or deleted. Accent- and case-insensitive; best matches first.
 * Asking for a group they are not in is refused.
 */
export function searchForUser(input: { userId: string; query: string; groupId?: string; sources?: readonly SearchSource[]; limit?: number; offset?: number }): SearchResult {
  const match = toMatchExpression(input.query);
  if (!match) return { hits: [], more: false };
  if (input.groupId && !roleInGroup(input.groupId, input.userId)) {
    throw new AppError("NOT_FOUND", "You can only search the groups you belong to, and you are not a member of that one.");
  }
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const offset = Math.max(input.offset ?? 0, 0);
  const sources = (input.sources ?? []).filter((source) => (searchSources as readonly string[]).includes(source));
  // Ranking every match of a very common word costs time in proportion to the matches, so the
  // best matches are picked among the RANK_WINDOW most recent ones (FTS5 streams rowids in
  // order and stops there); a narrower query or a group or kind filter reaches older ones.
  const rows = db().all<Row>(sql`
    WITH recent AS (
      SELECT search_index.rowid AS id, bm25(search_index, 2.0, 1.0) AS score
      FROM search_index
      JOIN search_entries AS e ON e.id = search_index.rowid
      JOIN memberships AS m ON m.group_id = e.group_id AND m.user_id = ${input.userId}
      WHERE search_index MATCH ${match}
        AND (e.private_to IS NULL OR e.private_to = ${input.userId})
        ${input.groupId ? sql`AND e.group_id = ${input.groupId}` : sql``}
        ${sources.length > 0 ? sql`AND e.source IN (${sql.join(sources.map((source) => sql`${source}`), sql`, `)})` : sql``}
      ORDER BY search_index.rowid DESC
      LIMIT ${RANK_WINDOW}
    )
    SELECT e.source, e.source_id, e.group_id, g.name AS group_name, e.article_id, a.title AS article_title,
           e.session_id, s.title AS session_title, s.status AS session_status, s.article_version_id,
           u.display_name AS author_name, e.locator, e.position, e.context, e.created_at, e.title, e.body
    FROM recent
    JOIN search_entries AS e ON e.id = recent.id
    JOIN groups AS g ON g.id = e.group_id
    LEFT JOIN users AS u ON u.id = e.author_id
    LEFT JOIN articles AS a ON a.id = e.article_id
    LEFT JOIN study_sessions AS s ON s.id = e.session_id
    ORDER BY recent.score, recent.id DESC
    LIMIT ${limit + 1} OFFSET ${offset}
  `);
  const places = new PlaceFinder();
  const hits = rows.slice(0, limit).map((row): SearchHit => {
    const place = row.source === "article" ? places.ofBlock(row.article_id, row.locator) : places.ofOffset(row.article_version_id, row.position);
    return {
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
      snippet: markedSnippet(row.body, input.query) || markedSnippet(row.title, input.query),
      context: row.context,
      createdAt: new Date(row.created_at),
    };
  });
  return { hits, more: rows.length > limit };
}

/** Finds paragraph numbers for hits, reading each article version's blocks once per search. */
class PlaceFinder {
  private readonly blocks = new Map<string, Block[]>();

  ofBlock(articleId: string | null, blockId: string): { paragraph: number | null; blockId: string } | null {
    if (!articleId) return null;
    const key = `latest:${articleId}`;
    if (!this.blocks.has(key)) this.blocks.set(key, latestArticleVersion(articleId)?.blocks ?? []);
    return { paragraph: paragraphNumbers(this.blocks.get(key)!).get(blockId) ?? null, blockId };
  }

  ofOffset(versionId: string | null, position: number | null): { paragraph: number | null; blockId: string } | null {
    if (!versionId || position === null) return null;
    if (!this.blocks.has(versionId)) {
      const row = db().select({ blocks: articleVersions.blocks }).from(articleVersions).where(eq(articleVersions.id, versionId)).get();
      this.blocks.set(versionId, (row?.blocks as Block[] | undefined) ?? []);
    }
    const blocks = this.blocks.get(versionId)!;
    const placed = placeBlocks(blocks).find((candidate) => position >= candidate.start && position <= candidate.end);
    if (!placed) return null;
    return { paragraph: paragraphNumbers(blocks).get(placed.block.id) ?? null, blockId: placed.block.id };
  }
}

/** How many entries the search index holds for a group (for tests and the bench). */
export function countSearchEntries(groupId: string): number {
  return db().get<{ n: number }>(sql`SELECT count(*) AS n FROM search_entries WHERE group_id = ${groupId}`)?.n ?? 0;
}

/** Checks the FTS index against its content table (FTS5 'integrity-check'); throws when they disagree. */
export function checkSearchIndex(): void {
  db().run(sql`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`);
}
