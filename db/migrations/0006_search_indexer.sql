CREATE TABLE `search_pending` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_pending_item` ON `search_pending` (`source`,`source_id`);
--> statement-breakpoint
-- Search indexing leaves the write transaction (hand-written below the generated table). The
-- triggers of 0004_search derived search_entries, and through them the FTS5 index, inside every
-- write; now each source table's triggers only note the changed item in search_pending, and the
-- search indexer (db/search-index.ts) derives the entries of the noted items in batches, with
-- the same rules as before. search_entries' own triggers still feed the FTS5 index, now inside
-- the indexer's transaction. Updates are noted only when a column the entry depends on is set.
DROP TRIGGER IF EXISTS `search_article_versions_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_articles_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_annotations_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_annotations_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_annotations_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_replies_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_replies_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_replies_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_messages_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_messages_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_messages_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_questions_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_questions_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_questions_ad`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_answers_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_answers_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `search_answers_ad`;
--> statement-breakpoint
CREATE TRIGGER `search_note_article_versions_ai` AFTER INSERT ON `article_versions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_articles_au` AFTER UPDATE OF title ON `articles` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_articles_ad` AFTER DELETE ON `articles` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotations_ai` AFTER INSERT ON `annotations`
WHEN new.body <> '' AND new.hidden_at IS NULL AND new.deleted_at IS NULL BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('annotation', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotations_au` AFTER UPDATE OF body, visibility, hidden_at, deleted_at, start_offset, exact ON `annotations` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('annotation', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotations_ad` AFTER DELETE ON `annotations` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('annotation', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotation_replies_ai` AFTER INSERT ON `annotation_replies` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('reply', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotation_replies_au` AFTER UPDATE OF body, hidden_at, deleted_at, annotation_id ON `annotation_replies` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('reply', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_annotation_replies_ad` AFTER DELETE ON `annotation_replies` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('reply', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_messages_ai` AFTER INSERT ON `messages`
WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('message', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_messages_au` AFTER UPDATE OF body, quote, deleted_at ON `messages` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('message', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_messages_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('message', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_questions_ai` AFTER INSERT ON `questions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('question', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_questions_au` AFTER UPDATE OF text, passage, deleted_at, revealed_at, place, answer_first, answers_open ON `questions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('question', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_questions_ad` AFTER DELETE ON `questions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('question', old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_answers_ai` AFTER INSERT ON `answers` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('answer', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_answers_au` AFTER UPDATE OF body, deleted_at, question_id ON `answers` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('answer', new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_answers_ad` AFTER DELETE ON `answers` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('answer', old.id);
END;
