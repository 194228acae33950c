-- Full-text search on PostgreSQL (hand-written: drizzle-kit does not generate extensions,
-- generated tsvector columns or triggers). The twin of db/migrations/0004_search.sql: the same
-- rows in search_entries, kept current by triggers in the same transaction as the source tables
-- change, with the same rules per source. Instead of an FTS5 index, a generated tsvector column
-- with a GIN index searches title (weight A) and body (weight B); db/search-sql.ts queries it.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE (it finds its dictionary through search_path); naming the dictionary
-- makes the result depend on the text alone, so it may be IMMUTABLE, as generated columns require.
CREATE OR REPLACE FUNCTION study_circle_unaccent(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, value);
--> statement-breakpoint
-- Text as search compares it, for the index and the query alike, close to FTS5's unicode61
-- remove_diacritics 2: lower case (ICU rules, so every script folds whatever the database's
-- locale), accents removed, and every character that is not a letter or digit a word break.
-- The last step keeps PostgreSQL's parser from making single tokens of "l’organisation",
-- "foo@bar.com", "example.com/path", "3.14" or "well-known", which FTS5 splits into words.
CREATE OR REPLACE FUNCTION study_circle_search_text(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN btrim(regexp_replace(study_circle_unaccent(lower(value COLLATE "und-x-icu")) COLLATE "und-x-icu", '[^[:alnum:]]+', ' ', 'g'));
--> statement-breakpoint
-- 'simple': no stemming and no stop words, like FTS5.
ALTER TABLE "search_entries" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, study_circle_search_text("title")), 'A')
  || setweight(to_tsvector('simple'::regconfig, study_circle_search_text("body")), 'B')
) STORED;
--> statement-breakpoint
CREATE INDEX "search_entries_search_vector" ON "search_entries" USING gin ("search_vector");
--> statement-breakpoint
-- Source "article": the newest version of each article, one entry per text block. A trigger
-- WHEN clause cannot hold a subquery, so the "newest version" test is in the function.
CREATE OR REPLACE FUNCTION search_article_versions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.version >= (SELECT max(version) FROM article_versions WHERE article_id = NEW.article_id) THEN
    DELETE FROM search_entries WHERE source = 'article' AND article_id = NEW.article_id;
    INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
      SELECT 'article', NEW.id || ':' || (block.value ->> 'id'), a.group_id, a.id, block.value ->> 'id', a.title,
             block.value ->> 'text', NEW.created_at
      FROM json_array_elements(NEW.blocks) WITH ORDINALITY AS block(value, n) JOIN articles AS a ON a.id = NEW.article_id
      WHERE block.value ->> 'type' <> 'image' AND coalesce(block.value ->> 'text', '') <> ''
      ORDER BY block.n; -- ids in block order, as FTS5's json_each gives them
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_article_versions_ai" AFTER INSERT ON "article_versions"
  FOR EACH ROW EXECUTE FUNCTION search_article_versions_sync();
--> statement-breakpoint
-- A renamed article renames its entries (the title is searched, with weight A).
CREATE OR REPLACE FUNCTION search_articles_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE search_entries SET title = NEW.title WHERE source = 'article' AND article_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_articles_au" AFTER UPDATE OF title ON "articles"
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION search_articles_rename();
--> statement-breakpoint
-- Source "annotation": a comment that is neither hidden nor deleted; a private note only for its
-- author. Every change rewrites the entry; deleting the annotation (not hiding it) also takes its
-- thread's replies out of search.
CREATE OR REPLACE FUNCTION search_annotations_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_entries WHERE source = 'annotation' AND source_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
      SELECT 'annotation', NEW.id, s.group_id, s.article_id, s.id, NEW.author_id, CASE WHEN NEW.visibility = 'private' THEN NEW.author_id END,
             NEW.id, NEW.start_offset, NEW.body, NEW.exact, NEW.created_at
      FROM study_sessions AS s
      WHERE s.id = NEW.session_id AND NEW.body <> '' AND NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NOT NULL THEN
    DELETE FROM search_entries WHERE source = 'reply'
      AND source_id IN (SELECT id FROM annotation_replies WHERE annotation_id = NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_annotations_aiud" AFTER INSERT OR UPDATE OR DELETE ON "annotations"
  FOR EACH ROW EXECUTE FUNCTION search_annotations_sync();
--> statement-breakpoint
-- Source "reply" (its locator is the thread's annotation): a reply neither hidden nor deleted, in a
-- thread whose annotation still stands; private with its annotation. (Replies of a deleted
-- annotation row go with it through the foreign key's cascade, which fires this trigger.)
CREATE OR REPLACE FUNCTION search_replies_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_entries WHERE source = 'reply' AND source_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
      SELECT 'reply', NEW.id, s.group_id, s.article_id, s.id, NEW.author_id, CASE WHEN a.visibility = 'private' THEN a.author_id END,
             NEW.annotation_id, a.start_offset, NEW.body, a.exact, NEW.created_at
      FROM annotations AS a JOIN study_sessions AS s ON s.id = a.session_id
      WHERE a.id = NEW.annotation_id AND a.deleted_at IS NULL AND NEW.hidden_at IS NULL AND NEW.deleted_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_replies_aiud" AFTER INSERT OR UPDATE OR DELETE ON "annotation_replies"
  FOR EACH ROW EXECUTE FUNCTION search_replies_sync();
--> statement-breakpoint
-- Source "message" (the discussion thread): every message not deleted.
CREATE OR REPLACE FUNCTION search_messages_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_entries WHERE source = 'message' AND source_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
      SELECT 'message', NEW.id, s.group_id, s.article_id, s.id, NEW.author_id, NULL, NEW.id, (NEW.quote ->> 'start')::integer, NEW.body,
             coalesce(NEW.quote ->> 'exact', ''), NEW.created_at
      FROM study_sessions AS s
      WHERE s.id = NEW.session_id AND NEW.deleted_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_messages_aiud" AFTER INSERT OR UPDATE OR DELETE ON "messages"
  FOR EACH ROW EXECUTE FUNCTION search_messages_sync();
--> statement-breakpoint
-- Source "question": questions members can see (revealed, or raised into the parking lot), and
-- their answers once they are open to everyone (an answer-first question's answers stay sealed
-- until then). A changed question rewrites its own entry and re-derives its answers' entries;
-- a deleted one takes both away.
CREATE OR REPLACE FUNCTION search_questions_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_entries WHERE source IN ('question', 'answer') AND locator = OLD.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM search_entries WHERE source = 'question' AND source_id = OLD.id;
  END IF;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'question', NEW.id, s.group_id, s.article_id, s.id, NEW.author_id, NULL, NEW.id, (NEW.passage ->> 'start')::integer, NEW.text,
           coalesce(NEW.passage ->> 'exact', ''), NEW.created_at
    FROM study_sessions AS s
    WHERE s.id = NEW.session_id AND NEW.deleted_at IS NULL AND (NEW.revealed_at IS NOT NULL OR NEW.place = 'parking');
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM search_entries WHERE source = 'answer' AND locator = NEW.id;
    INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
      SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, (q.passage ->> 'start')::integer, an.body, q.text, an.created_at
      FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id
      WHERE an.question_id = NEW.id AND an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking')
        AND NOT (q.answer_first AND NOT q.answers_open)
      ORDER BY an.created_at, an.id; -- oldest first, as they were written
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_questions_aiud" AFTER INSERT OR UPDATE OR DELETE ON "questions"
  FOR EACH ROW EXECUTE FUNCTION search_questions_sync();
--> statement-breakpoint
-- Source "answer": see questions above; an answer is searchable when it is not deleted and its
-- question is visible and not sealing its answers.
CREATE OR REPLACE FUNCTION search_answers_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_entries WHERE source = 'answer' AND source_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
      SELECT 'answer', NEW.id, s.group_id, s.article_id, s.id, NEW.author_id, NULL, NEW.question_id, (q.passage ->> 'start')::integer, NEW.body, q.text, NEW.created_at
      FROM questions AS q JOIN study_sessions AS s ON s.id = NEW.session_id
      WHERE q.id = NEW.question_id AND NEW.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking')
        AND NOT (q.answer_first AND NOT q.answers_open);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_answers_aiud" AFTER INSERT OR UPDATE OR DELETE ON "answers"
  FOR EACH ROW EXECUTE FUNCTION search_answers_sync();
--> statement-breakpoint
-- Backfill what existed before this migration (the same rules as the triggers above).
INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
  SELECT 'article', v.id || ':' || (block.value ->> 'id'), a.group_id, a.id, block.value ->> 'id', a.title, block.value ->> 'text', v.created_at
  FROM article_versions AS v JOIN articles AS a ON a.id = v.article_id
    CROSS JOIN LATERAL json_array_elements(v.blocks) WITH ORDINALITY AS block(value, n)
  WHERE v.version = (SELECT max(version) FROM article_versions WHERE article_id = v.article_id)
    AND block.value ->> 'type' <> 'image' AND coalesce(block.value ->> 'text', '') <> ''
  ORDER BY v.id, block.n;
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'annotation', an.id, s.group_id, s.article_id, s.id, an.author_id, CASE WHEN an.visibility = 'private' THEN an.author_id END,
         an.id, an.start_offset, an.body, an.exact, an.created_at
  FROM annotations AS an JOIN study_sessions AS s ON s.id = an.session_id
  WHERE an.body <> '' AND an.hidden_at IS NULL AND an.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'reply', r.id, s.group_id, s.article_id, s.id, r.author_id, CASE WHEN a.visibility = 'private' THEN a.author_id END,
         r.annotation_id, a.start_offset, r.body, a.exact, r.created_at
  FROM annotation_replies AS r JOIN annotations AS a ON a.id = r.annotation_id JOIN study_sessions AS s ON s.id = a.session_id
  WHERE a.deleted_at IS NULL AND r.hidden_at IS NULL AND r.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'message', m.id, s.group_id, s.article_id, s.id, m.author_id, NULL, m.id, (m.quote ->> 'start')::integer, m.body, coalesce(m.quote ->> 'exact', ''), m.created_at
  FROM messages AS m JOIN study_sessions AS s ON s.id = m.session_id
  WHERE m.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'question', q.id, s.group_id, s.article_id, s.id, q.author_id, NULL, q.id, (q.passage ->> 'start')::integer, q.text, coalesce(q.passage ->> 'exact', ''), q.created_at
  FROM questions AS q JOIN study_sessions AS s ON s.id = q.session_id
  WHERE q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking');
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, (q.passage ->> 'start')::integer, an.body, q.text, an.created_at
  FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id
  WHERE an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking')
    AND NOT (q.answer_first AND NOT q.answers_open);
