ALTER TABLE `search_entries` ADD `edition_id` text;
--> statement-breakpoint
-- Search finds the words of an article's editions in other languages too (hand-written below
-- the generated column): a saved or changed edition notes its article, whose entries the
-- indexer derives again, the original's blocks and each edition's (db/search-index-sql.ts).
-- edition_id tells a hit's language and where its position counts.
CREATE TRIGGER `search_note_article_editions_ai` AFTER INSERT ON `article_editions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_article_editions_au` AFTER UPDATE OF title, blocks ON `article_editions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', new.article_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_note_article_editions_ad` AFTER DELETE ON `article_editions` BEGIN
  INSERT INTO search_pending(source, source_id) VALUES ('article', old.article_id);
END;
--> statement-breakpoint
-- What was indexed before: articles with editions, and items made on an edition, are derived again.
INSERT INTO search_pending(source, source_id) SELECT DISTINCT 'article', article_id FROM article_editions;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'annotation', id FROM annotations WHERE edition_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'message', id FROM messages WHERE json_extract(quote, '$.edition') IS NOT NULL;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'question', id FROM questions WHERE json_extract(passage, '$.edition') IS NOT NULL;
