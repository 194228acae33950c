-- Full-text search (hand-written: drizzle-kit does not generate FTS5 tables or triggers).
-- search_entries holds one row per searchable item; search_index is an FTS5 index over its
-- title and body, accent- and case-insensitive (unicode61 with remove_diacritics 2), so
-- "organizacion" finds "organización". Triggers keep both current in the same transaction as
-- the source tables change; each source (article text, annotations, replies, thread messages,
-- questions and answers) has its own triggers below and one entry in db/search.ts.
CREATE VIRTUAL TABLE `search_index` USING fts5(title, body, content='search_entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_entries_ai` AFTER INSERT ON `search_entries` BEGIN
  INSERT INTO search_index(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_entries_ad` AFTER DELETE ON `search_entries` BEGIN
  INSERT INTO search_index(search_index, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `search_entries_au` AFTER UPDATE ON `search_entries` BEGIN
  INSERT INTO search_index(search_index, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
  INSERT INTO search_index(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
--> statement-breakpoint
-- Source "article": the newest version of each article, one entry per text block.
CREATE TRIGGER `search_article_versions_ai` AFTER INSERT ON `article_versions`
WHEN new.version >= (SELECT max(version) FROM article_versions WHERE article_id = new.article_id) BEGIN
  DELETE FROM search_entries WHERE source = 'article' AND article_id = new.article_id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
    SELECT 'article', new.id || ':' || json_extract(block.value, '$.id'), a.group_id, a.id, json_extract(block.value, '$.id'), a.title,
           json_extract(block.value, '$.text'), new.created_at
    FROM json_each(new.blocks) AS block JOIN articles AS a ON a.id = new.article_id
    WHERE json_extract(block.value, '$.type') <> 'image' AND coalesce(json_extract(block.value, '$.text'), '') <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `search_articles_au` AFTER UPDATE OF title ON `articles` BEGIN
  UPDATE search_entries SET title = new.title WHERE source = 'article' AND article_id = new.id;
END;
--> statement-breakpoint
-- Source "annotation": a comment that is neither hidden nor deleted; a private note only for its author.
CREATE TRIGGER `search_annotations_ai` AFTER INSERT ON `annotations`
WHEN new.body <> '' AND new.hidden_at IS NULL AND new.deleted_at IS NULL BEGIN
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'annotation', new.id, s.group_id, s.article_id, s.id, new.author_id, CASE WHEN new.visibility = 'private' THEN new.author_id END,
           new.id, new.start_offset, new.body, new.exact, new.created_at
    FROM study_sessions AS s WHERE s.id = new.session_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_annotations_au` AFTER UPDATE ON `annotations` BEGIN
  DELETE FROM search_entries WHERE source = 'annotation' AND source_id = old.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'annotation', new.id, s.group_id, s.article_id, s.id, new.author_id, CASE WHEN new.visibility = 'private' THEN new.author_id END,
           new.id, new.start_offset, new.body, new.exact, new.created_at
    FROM study_sessions AS s WHERE s.id = new.session_id AND new.body <> '' AND new.hidden_at IS NULL AND new.deleted_at IS NULL;
  DELETE FROM search_entries WHERE new.deleted_at IS NOT NULL AND source = 'reply'
    AND source_id IN (SELECT id FROM annotation_replies WHERE annotation_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_annotations_ad` AFTER DELETE ON `annotations` BEGIN
  DELETE FROM search_entries WHERE source = 'annotation' AND source_id = old.id;
END;
--> statement-breakpoint
-- Source "reply" (its locator is the thread's annotation): a reply neither hidden nor deleted, in a thread whose annotation still stands; private with its annotation.
CREATE TRIGGER `search_replies_ai` AFTER INSERT ON `annotation_replies`
WHEN new.hidden_at IS NULL AND new.deleted_at IS NULL BEGIN
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'reply', new.id, s.group_id, s.article_id, s.id, new.author_id, CASE WHEN a.visibility = 'private' THEN a.author_id END,
           new.annotation_id, a.start_offset, new.body, a.exact, new.created_at
    FROM annotations AS a JOIN study_sessions AS s ON s.id = a.session_id WHERE a.id = new.annotation_id AND a.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `search_replies_au` AFTER UPDATE ON `annotation_replies` BEGIN
  DELETE FROM search_entries WHERE source = 'reply' AND source_id = old.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'reply', new.id, s.group_id, s.article_id, s.id, new.author_id, CASE WHEN a.visibility = 'private' THEN a.author_id END,
           new.annotation_id, a.start_offset, new.body, a.exact, new.created_at
    FROM annotations AS a JOIN study_sessions AS s ON s.id = a.session_id
    WHERE a.id = new.annotation_id AND a.deleted_at IS NULL AND new.hidden_at IS NULL AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `search_replies_ad` AFTER DELETE ON `annotation_replies` BEGIN
  DELETE FROM search_entries WHERE source = 'reply' AND source_id = old.id;
END;
--> statement-breakpoint
-- Source "message" (issue 5's discussion thread): every message not deleted.
CREATE TRIGGER `search_messages_ai` AFTER INSERT ON `messages` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'message', m.id, s.group_id, s.article_id, s.id, m.author_id, NULL, m.id, json_extract(m.quote, '$.start'), m.body, coalesce(json_extract(m.quote, '$.exact'), ''), m.created_at
    FROM messages AS m JOIN study_sessions AS s ON s.id = m.session_id WHERE m.id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_messages_au` AFTER UPDATE ON `messages` BEGIN
  DELETE FROM search_entries WHERE source = 'message' AND source_id = old.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'message', m.id, s.group_id, s.article_id, s.id, m.author_id, NULL, m.id, json_extract(m.quote, '$.start'), m.body, coalesce(json_extract(m.quote, '$.exact'), ''), m.created_at
    FROM messages AS m JOIN study_sessions AS s ON s.id = m.session_id WHERE m.id = new.id AND m.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `search_messages_ad` AFTER DELETE ON `messages` BEGIN
  DELETE FROM search_entries WHERE source = 'message' AND source_id = old.id;
END;
--> statement-breakpoint
-- Source "question": questions members can see (revealed, or raised into the parking lot), and their
-- answers once they are open to everyone (an answer-first question's answers stay sealed until then).
CREATE TRIGGER `search_questions_ai` AFTER INSERT ON `questions` BEGIN
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'question', q.id, s.group_id, s.article_id, s.id, q.author_id, NULL, q.id, json_extract(q.passage, '$.start'), q.text, coalesce(json_extract(q.passage, '$.exact'), ''), q.created_at
    FROM questions AS q JOIN study_sessions AS s ON s.id = q.session_id WHERE q.id = new.id AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking');
END;
--> statement-breakpoint
CREATE TRIGGER `search_questions_au` AFTER UPDATE ON `questions` BEGIN
  DELETE FROM search_entries WHERE source = 'question' AND source_id = old.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'question', q.id, s.group_id, s.article_id, s.id, q.author_id, NULL, q.id, json_extract(q.passage, '$.start'), q.text, coalesce(json_extract(q.passage, '$.exact'), ''), q.created_at
    FROM questions AS q JOIN study_sessions AS s ON s.id = q.session_id WHERE q.id = new.id AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking');
  DELETE FROM search_entries WHERE source = 'answer' AND locator = new.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, json_extract(q.passage, '$.start'), an.body, q.text, an.created_at
    FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id WHERE an.question_id = new.id AND an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking') AND NOT (q.answer_first AND NOT q.answers_open);
END;
--> statement-breakpoint
CREATE TRIGGER `search_questions_ad` AFTER DELETE ON `questions` BEGIN
  DELETE FROM search_entries WHERE source IN ('question', 'answer') AND locator = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_answers_ai` AFTER INSERT ON `answers` BEGIN
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, json_extract(q.passage, '$.start'), an.body, q.text, an.created_at
    FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id WHERE an.id = new.id AND an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking') AND NOT (q.answer_first AND NOT q.answers_open);
END;
--> statement-breakpoint
CREATE TRIGGER `search_answers_au` AFTER UPDATE ON `answers` BEGIN
  DELETE FROM search_entries WHERE source = 'answer' AND source_id = old.id;
  INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
    SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, json_extract(q.passage, '$.start'), an.body, q.text, an.created_at
    FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id WHERE an.id = new.id AND an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking') AND NOT (q.answer_first AND NOT q.answers_open);
END;
--> statement-breakpoint
CREATE TRIGGER `search_answers_ad` AFTER DELETE ON `answers` BEGIN
  DELETE FROM search_entries WHERE source = 'answer' AND source_id = old.id;
END;
--> statement-breakpoint
-- Backfill what existed before this migration.
INSERT INTO search_entries(source, source_id, group_id, article_id, locator, title, body, created_at)
  SELECT 'article', v.id || ':' || json_extract(block.value, '$.id'), a.group_id, a.id, json_extract(block.value, '$.id'), a.title,
         json_extract(block.value, '$.text'), v.created_at
  FROM article_versions AS v JOIN articles AS a ON a.id = v.article_id, json_each(v.blocks) AS block
  WHERE v.version = (SELECT max(version) FROM article_versions WHERE article_id = v.article_id)
    AND json_extract(block.value, '$.type') <> 'image' AND coalesce(json_extract(block.value, '$.text'), '') <> '';
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
  SELECT 'message', m.id, s.group_id, s.article_id, s.id, m.author_id, NULL, m.id, json_extract(m.quote, '$.start'), m.body, coalesce(json_extract(m.quote, '$.exact'), ''), m.created_at
    FROM messages AS m JOIN study_sessions AS s ON s.id = m.session_id WHERE m.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'question', q.id, s.group_id, s.article_id, s.id, q.author_id, NULL, q.id, json_extract(q.passage, '$.start'), q.text, coalesce(json_extract(q.passage, '$.exact'), ''), q.created_at
    FROM questions AS q JOIN study_sessions AS s ON s.id = q.session_id WHERE q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking');
--> statement-breakpoint
INSERT INTO search_entries(source, source_id, group_id, article_id, session_id, author_id, private_to, locator, position, body, context, created_at)
  SELECT 'answer', an.id, s.group_id, s.article_id, s.id, an.author_id, NULL, an.question_id, json_extract(q.passage, '$.start'), an.body, q.text, an.created_at
    FROM answers AS an JOIN questions AS q ON q.id = an.question_id JOIN study_sessions AS s ON s.id = an.session_id WHERE an.deleted_at IS NULL AND q.deleted_at IS NULL AND (q.revealed_at IS NOT NULL OR q.place = 'parking') AND NOT (q.answer_first AND NOT q.answers_open);
