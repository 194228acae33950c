ALTER TABLE "search_entries" ADD COLUMN "edition_id" text;
--> statement-breakpoint
-- Search finds the words of an article's editions in other languages too (hand-written below
-- the generated column): a saved or changed edition notes its article, whose entries the
-- indexer derives again, the original's blocks and each edition's (db/search-index-sql.ts).
-- edition_id tells a hit's language and where its position counts.
CREATE OR REPLACE FUNCTION search_note_article_edition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO search_pending(source, source_id) VALUES ('article', OLD.article_id);
  ELSE
    INSERT INTO search_pending(source, source_id) VALUES ('article', NEW.article_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "search_note_article_editions_aiud" AFTER INSERT OR UPDATE OF title, blocks OR DELETE ON "article_editions"
  FOR EACH ROW EXECUTE FUNCTION search_note_article_edition();
--> statement-breakpoint
-- What was indexed before: articles with editions, and items made on an edition, are derived again.
INSERT INTO search_pending(source, source_id) SELECT DISTINCT 'article', article_id FROM article_editions;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'annotation', id FROM annotations WHERE edition_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'message', id FROM messages WHERE quote ->> 'edition' IS NOT NULL;
--> statement-breakpoint
INSERT INTO search_pending(source, source_id) SELECT 'question', id FROM questions WHERE passage ->> 'edition' IS NOT NULL;
