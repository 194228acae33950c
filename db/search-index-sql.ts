import { sql, type SQL } from "drizzle-orm";
import type { EngineName } from "./engine";

/**
 * The search indexer's statements, as pure builders (no database handle) like db/search-sql.ts,
 * so that db/search-index.ts runs them on the engine in use and tests can run them on both.
 *
 * The triggers on the source tables note each changed item in search_pending (migrations
 * 0006_search_indexer / 0003_search_indexer); a batch of noted items gets its entries derived
 * again from the items' current rows, with the rules the write-time triggers of 0004_search /
 * 0001_search used: an annotation with a comment, neither hidden nor deleted, private notes only
 * for their author; a reply neither hidden nor deleted in a thread whose annotation stands; a
 * message not deleted; a question members can see (revealed, or raised into the parking lot)
 * and its answers once they are open to everyone; the newest version of an article, one entry
 * per text block, and each of its editions in another language likewise (edition_id names the
 * edition; items made on one carry its id too). A changed annotation re-derives its replies (they go with a deleted one), a
 * changed question its answers.
 */

/** The items of one batch, by kind; an article's id stands for all its text. */
export type PendingItems = { article: string[]; annotation: string[]; reply: string[]; message: string[]; question: string[]; answer: string[] };

/** A row of search_pending. */
export type PendingRow = { id: number; source: string; source_id: string };

/** The oldest noted changes, at most `limit` of them. */
export function pendingBatchQuery(limit: number): SQL {
  return sql`SELECT id, source, source_id FROM search_pending ORDER BY id LIMIT ${limit}`;
}

/** The rows a batch handled, removed in the batch's own transaction. */
export function deletePendingStatement(ids: readonly number[]): SQL {
  return sql`DELETE FROM search_pending WHERE id IN (${boundList(ids)})`;
}

/** The distinct items of some pending rows, by kind (unknown kinds are dropped). */
export function pendingItems(rows: readonly PendingRow[]): PendingItems {
  const items: Record<keyof PendingItems, Set<string>> = {
    article: new Set(),
    annotation: new Set(),
    reply: new Set(),
    message: new Set(),
    question: new Set(),
    answer: new Set(),
  };
  for (const row of rows) items[row.source as keyof PendingItems]?.add(row.source_id);
  return Object.fromEntries(Object.entries(items).map(([source, ids]) => [source, [...ids]])) as PendingItems;
}

/**
 * Deletes the entries of the items and derives them again; entries of one batch are numbered
 * kind by kind, each kind in the order its items were made (search breaks rank ties by number).
 */
export function searchIndexStatements(engine: EngineName, items: PendingItems): SQL[] {
  const statements: SQL[] = [];
  const { article, annotation, reply, message, question, answer } = items;
  const list = engine === "sqlite" ? jsonList : boundList;
  const either = (column: SQL, ids: readonly string[], other: SQL, otherIds: readonly string[]) =>
    ids.length && otherIds.length
      ? sql`(${column} IN (${list(ids)}) OR ${other} IN (${list(otherIds)}))`
      : ids.length
        ? sql`${column} IN (${list(ids)})`
        : sql`${other} IN (${list(otherIds)})`;
  // An entry by its item's id, or by its locator (a changed annotation's replies, a changed
  // question's answers): two statements, each on an index of its own.
  const remove = (source: string, column: "source_id" | "locator", ids: readonly string[]) => {
    if (ids.length) statements.push(sql`DELETE FROM search_entries WHERE source = ${source} AND ${sql.raw(column)} IN (${list(ids)})`);
  };
  remove("annotation", "source_id", annotation);
  remove("reply", "source_id", reply);
  remove("reply", "locator", annotation);
  remove("message", "source_id", message);
  remove("question", "source_id", question);
  remove("answer", "source_id", answer);
  remove("answer", "locator", question);
  if (article.length) statements.push(sql`DELETE FROM search_entries WHERE source = 'article' AND article_id IN (${list(article)})`);

  const json = engine === "postgres" ? postgresJson : sqliteJson;
  const columns = sql`(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, edition_id, body, context, created_at)`;
  if (annotation.length) {
    statements.push(sql`INSERT INTO search_entries${columns}
      SELECT 'annotation', an.id, s.group_id, s.article_id, s.id, an.author_id, CASE WHEN an.visibility = 'private' THEN an.author_id END,
             an.id, an.start_offset, an.edition_id, an.body, an.exact, an.created_at
      FROM annotations AS an JOIN study_sessions AS s ON s.id = an.session_id
      WHERE an.id IN (${list(annotation)}) AND an.body <> '' AND an.hidden_at IS NULL AND an.deleted_at IS NULL
      ORDER BY an.created_at, an.id`);
  }
  if (reply.length || annotation.length) {
    statements.push(sql`INSERT INTO search_entries${columns}
      SELECT 'reply', r.id, s.group_id, s.article_id, s.id, r.author_id, CASE WHEN a.visibility = 'private' THEN a.author_id END,
             r.annotation_id, a.start_offset, a.edition_id, r.body, a.exact, r.created_at
      FROM annotation_replies AS r JOIN annotations AS a ON a.id = r.annotation_id JOIN study_sessions AS s ON s.id = a.session_id
      WHERE ${either(sql`r.id`, reply, sql`r.annotation_id`, annotation)} AND a.deleted_at IS NULL AND r.hidden_at IS NULL AND r.deleted_at IS NULL
      ORDER BY r.created_at, r.id`);
  }
  if (message.length) {
    statements.push(sql`INSERT INTO search_entries${columns}
      SELECT 'message', m.id, s.group_id, s.article_id, s.id, m.author_id, NULL, m.id, ${json.integer(sql`m.quote`, "start")}, ${json.text(sql`m.quote`, "edition")}, m.body,
             coalesce(${json.text(sql`m.quote`, "exact")}, ''), m.created_at
      FROM messages AS m JOIN study_sessions AS s ON s.id = m.session_id
      WHERE m.id IN (${list(message)}) AND m.deleted_at IS NULL
      ORDER BY m.created_at, m.id`);
  }
  const visibleQuestion = sql`q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking')`;
  if (question.length) {
    statements.push(sql`INSERT INTO search_entries${columns}
      SELECT 'question', q.id, s.group_id, s.article_id, s.id, q.author_id, NULL, q.id, ${json.integer(sql`q.passage`, "start")}, ${json.text(sql`q.passage`, "edition")}, q.text,
             coalesce(${json.text(sql`q.passage`, "exact")}, ''), q.created_at
      FROM questions AS q JOIN study_sessions AS s ON s.id = q.session_id
      WHERE q.id IN (${list(question)}) AND ${visibleQuestion}
      ORDER BY q.created_at, q.id`);
  }
  if (answer.length || question.length) {
    statements.push(sql`INSERT INTO search_entries${columns}
      SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, ${json.integer(sql`q.passage`, "start")}, ${json.text(sql`q.passage`, "edition")}, an.body, q.text, an.created_at
      FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id
      WHERE ${either(sql`an.id`, answer, sql`an.question_id`, question)} AND an.deleted_at IS NULL AND ${visibleQuestion}
        AND NOT (q.answer_first AND NOT q.answers_open)
      ORDER BY an.created_at, an.id`);
  }
  if (article.length)
    statements.push(
      ...(engine === "postgres" ? [postgresArticleText(article), postgresEditionText(article)] : [sqliteArticleText(list(article)), sqliteEditionText(list(article))]),
    );
  return statements;
}

/**
 * Leaves out, at search time, the entries of items noted as changed and not yet derived again
 * (and a changed annotation's replies, a changed question's answers): whatever a change took
 * away — a hidden or deleted comment, the old words of an edit — is not found in the second
 * before the indexer catches up. The same SQL on both engines.
 */
export function notPendingCondition(): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM search_pending AS p WHERE p.source = e.source AND p.source_id = CASE WHEN e.source = 'article' THEN e.article_id ELSE e.source_id END)
        AND NOT EXISTS (SELECT 1 FROM search_pending AS p WHERE p.source = CASE e.source WHEN 'reply' THEN 'annotation' WHEN 'answer' THEN 'question' END AND p.source_id = e.locator)`;
}

const newestVersion = sql`v.version = (SELECT max(version) FROM article_versions WHERE article_id = a.id)`;

function sqliteArticleText(articleIds: SQL): SQL {
  return sql`INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
    SELECT 'article', v.id || ':' || json_extract(block.value, '$.id'), a.group_id, a.id, json_extract(block.value, '$.id'), a.title,
           json_extract(block.value, '$.text'), v.created_at
    FROM articles AS a JOIN article_versions AS v ON v.article_id = a.id AND ${newestVersion}, json_each(v.blocks) AS block
    WHERE a.id IN (${articleIds}) AND json_extract(block.value, '$.type') <> 'image' AND coalesce(json_extract(block.value, '$.text'), '') <> ''
    ORDER BY v.created_at, a.id, block.key`;
}

function postgresArticleText(articleIds: readonly string[]): SQL {
  return sql`INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
    SELECT 'article', v.id || ':' || (block.value ->> 'id'), a.group_id, a.id, block.value ->> 'id', a.title, block.value ->> 'text', v.created_at
    FROM articles AS a JOIN article_versions AS v ON v.article_id = a.id AND ${newestVersion}
      CROSS JOIN LATERAL json_array_elements(v.blocks) WITH ORDINALITY AS block(value, n)
    WHERE a.id IN (${boundList(articleIds)}) AND block.value ->> 'type' <> 'image' AND coalesce(block.value ->> 'text', '') <> ''
    ORDER BY v.created_at, a.id, block.n`;
}

/** Each edition in another language, one entry per text block like the original's, under the edition's title. */
function sqliteEditionText(articleIds: SQL): SQL {
  return sql`INSERT INTO search_entries(source, source_id, group_id, article_id, locator, edition_id, title, body, created_at)
    SELECT 'article', ed.id || ':' || json_extract(block.value, '$.id'), a.group_id, a.id, json_extract(block.value, '$.id'), ed.id, ed.title,
           json_extract(block.value, '$.text'), ed.updated_at
    FROM articles AS a JOIN article_editions AS ed ON ed.article_id = a.id, json_each(ed.blocks) AS block
    WHERE a.id IN (${articleIds}) AND json_extract(block.value, '$.type') <> 'image' AND coalesce(json_extract(block.value, '$.text'), '') <> ''
    ORDER BY ed.updated_at, ed.id, block.key`;
}

function postgresEditionText(articleIds: readonly string[]): SQL {
  return sql`INSERT INTO search_entries(source, source_id, group_id, article_id, locator, edition_id, title, body, created_at)
    SELECT 'article', ed.id || ':' || (block.value ->> 'id'), a.group_id, a.id, block.value ->> 'id', ed.id, ed.title, block.value ->> 'text', ed.updated_at
    FROM articles AS a JOIN article_editions AS ed ON ed.article_id = a.id
      CROSS JOIN LATERAL json_array_elements(ed.blocks) WITH ORDINALITY AS block(value, n)
    WHERE a.id IN (${boundList(articleIds)}) AND block.value ->> 'type' <> 'image' AND coalesce(block.value ->> 'text', '') <> ''
    ORDER BY ed.updated_at, ed.id, block.n`;
}

const sqliteJson = {
  integer: (column: SQL, field: string) => sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`,
  text: (column: SQL, field: string) => sql`json_extract(${column}, ${sql.raw(`'$.${field}'`)})`,
};

const postgresJson = {
  integer: (column: SQL, field: string) => sql`(${column} ->> ${sql.raw(`'${field}'`)})::integer`,
  text: (column: SQL, field: string) => sql`(${column} ->> ${sql.raw(`'${field}'`)})`,
};

/** Bound values, comma-separated, for `IN (…)`. */
function boundList(values: readonly (string | number)[]): SQL {
  return sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
}

/**
 * SQLite: the values as one bound JSON array, for `IN (…)`: a batch's hundreds of ids make one
 * parameter instead of one each, which drizzle would build and bind one by one.
 */
function jsonList(values: readonly (string | number)[]): SQL {
  return sql`SELECT value FROM json_each(${JSON.stringify(values)})`;
}
