import { sql, type SQL } from "drizzle-orm";
import { notPendingCondition } from "./search-index-sql";

/**
 * The full-text search query of each engine, as pure builders (no database handle), so that
 * db/search.ts runs whichever fits the engine in use and tests can check both. Both return the
 * same columns with the same names and types (created_at in epoch milliseconds), ranked best
 * first, at most `limit` rows after skipping `offset` (searchForUser asks for one more row than
 * it shows, to tell whether more follow).
 *
 * Ranking every match of a very common word costs time in proportion to the matches, so both
 * pick the best matches among the `rankWindow` most recent ones (highest search_entries id);
 * a narrower query or a group or kind filter reaches older ones. Both leave out entries whose
 * item changed since it was indexed (db/search-index-sql.ts `notPendingCondition`).
 */
type SearchQueryInput = {
  userId: string;
  groupId?: string;
  /** Kinds of item to search (db/search.ts `searchSources`); empty for all. */
  sources: readonly string[];
  limit: number;
  offset: number;
  rankWindow: number;
};

/** SQLite: `match` is an FTS5 expression from `toMatchExpression` (lib/search/query.ts). */
export function sqliteSearchQuery(input: SearchQueryInput & { match: string }): SQL {
  return sql`
    WITH recent AS (
      SELECT search_index.rowid AS id, bm25(search_index, 2.0, 1.0) AS score
      FROM search_index
      JOIN search_entries AS e ON e.id = search_index.rowid
      JOIN memberships AS m ON m.group_id = e.group_id AND m.user_id = ${input.userId}
      WHERE search_index MATCH ${input.match}
        AND (e.private_to IS NULL OR e.private_to = ${input.userId})
        AND ${notPendingCondition()}
        ${filters(input)}
      ORDER BY search_index.rowid DESC
      LIMIT ${input.rankWindow}
    )
    SELECT e.source, e.source_id, e.group_id, g.name AS group_name, e.article_id, a.title AS article_title,
           e.session_id, s.title AS session_title, s.status AS session_status, s.article_version_id,
           u.display_name AS author_name, e.locator, e.position, e.edition_id, ed.language AS edition_language, e.context, e.created_at, e.title, e.body
    FROM recent
    JOIN search_entries AS e ON e.id = recent.id
    JOIN groups AS g ON g.id = e.group_id
    LEFT JOIN article_editions AS ed ON ed.id = e.edition_id
    LEFT JOIN users AS u ON u.id = e.author_id
    LEFT JOIN articles AS a ON a.id = e.article_id
    LEFT JOIN study_sessions AS s ON s.id = e.session_id
    ORDER BY recent.score, recent.id DESC
    LIMIT ${input.limit} OFFSET ${input.offset}
  `;
}

/**
 * PostgreSQL (db/migrations-pg/0001_search.sql): `words` are what `queryWords` found in the
 * search text, as typed. Every word is required and the last one of three or more characters
 * also matches as a prefix, as in `toMatchExpression`; accents and case are folded by the same
 * `study_circle_search_text` that builds the index. Ranked by `ts_rank` with the title weighing
 * twice the body (bm25's 2.0 and 1.0 on SQLite), then newest first.
 */
export function postgresSearchQuery(input: SearchQueryInput & { words: string[] }): SQL {
  if (input.words.length === 0) throw new RangeError("postgresSearchQuery needs at least one word to look for.");
  const query = tsquery(input.words);
  return sql`
    WITH recent AS (
      SELECT e.id
      FROM search_entries AS e
      JOIN memberships AS m ON m.group_id = e.group_id AND m.user_id = ${input.userId}
      WHERE e.search_vector @@ ${query}
        AND (e.private_to IS NULL OR e.private_to = ${input.userId})
        AND ${notPendingCondition()}
        ${filters(input)}
      ORDER BY e.id DESC
      LIMIT ${input.rankWindow}
    )
    SELECT e.source, e.source_id, e.group_id, g.name AS group_name, e.article_id, a.title AS article_title,
           e.session_id, s.title AS session_title, s.status AS session_status, s.article_version_id,
           u.display_name AS author_name, e.locator, e.position, e.edition_id, ed.language AS edition_language, e.context,
           (extract(epoch FROM e.created_at) * 1000)::double precision AS created_at, e.title, e.body
    FROM recent
    JOIN search_entries AS e ON e.id = recent.id
    JOIN groups AS g ON g.id = e.group_id
    LEFT JOIN article_editions AS ed ON ed.id = e.edition_id
    LEFT JOIN users AS u ON u.id = e.author_id
    LEFT JOIN articles AS a ON a.id = e.article_id
    LEFT JOIN study_sessions AS s ON s.id = e.session_id
    ORDER BY ts_rank('{0.1, 0.2, 0.5, 1.0}'::real[], e.search_vector, ${query}, 1) DESC, e.id DESC
    LIMIT ${input.limit} OFFSET ${input.offset}
  `;
}

/** The optional group and kind filters, the same on both engines (values are bound, never spliced). */
function filters(input: Pick<SearchQueryInput, "groupId" | "sources">): SQL {
  return sql`${input.groupId ? sql`AND e.group_id = ${input.groupId}` : sql``}
        ${
          input.sources.length > 0
            ? sql`AND e.source IN (${sql.join(
                input.sources.map((source) => sql`${source}`),
                sql`, `,
              )})`
            : sql``
        }`;
}

/**
 * The tsquery for the words: each word folded in SQL, then quoted as a tsquery literal — after
 * folding it holds only letters, digits and spaces, so no tsquery syntax can come from what a
 * person typed — and all of them joined with && (every word required). A word that folds to
 * nothing (a lone "²") becomes an empty query, which && drops instead of failing on.
 */
function tsquery(words: readonly string[]): SQL {
  const last = words.length - 1;
  const terms = words.map((word, index) => {
    const literal = sql`quote_literal(nullif(study_circle_search_text(${word}::text), ''))`;
    // The last word of three or more characters also matches as a prefix (toMatchExpression's rule).
    const prefix = index === last && word.length >= 3;
    return sql`to_tsquery('simple', coalesce(${literal}${prefix ? sql` || ':*'` : sql``}, ''))`;
  });
  return sql`(${sql.join(terms, sql` && `)})`;
}
