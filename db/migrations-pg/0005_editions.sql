CREATE TABLE "article_editions" (
	"id" text PRIMARY KEY NOT NULL,
	"article_id" text NOT NULL,
	"language" text NOT NULL,
	"title" text NOT NULL,
	"source_url" text DEFAULT '' NOT NULL,
	"blocks" json NOT NULL,
	"word_count" integer NOT NULL,
	"alignment" json NOT NULL,
	"article_version_id" text NOT NULL,
	"created_by" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edition_choices" (
	"user_id" text NOT NULL,
	"article_id" text NOT NULL,
	"edition_id" text,
	"side_by_side" boolean NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "edition_choices_user_id_article_id_pk" PRIMARY KEY("user_id","article_id")
);
--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "edition_id" text;--> statement-breakpoint
ALTER TABLE "article_editions" ADD CONSTRAINT "article_editions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_editions" ADD CONSTRAINT "article_editions_article_version_id_article_versions_id_fk" FOREIGN KEY ("article_version_id") REFERENCES "public"."article_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_editions" ADD CONSTRAINT "article_editions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_choices" ADD CONSTRAINT "edition_choices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_choices" ADD CONSTRAINT "edition_choices_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edition_choices" ADD CONSTRAINT "edition_choices_edition_id_article_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."article_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "article_editions_language" ON "article_editions" USING btree ("article_id","language");