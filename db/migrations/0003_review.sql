CREATE TABLE `search_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`group_id` text NOT NULL,
	`article_id` text,
	`session_id` text,
	`author_id` text,
	`private_to` text,
	`locator` text NOT NULL,
	`position` integer,
	`title` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`context` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_entries_source` ON `search_entries` (`source`,`source_id`);--> statement-breakpoint
CREATE INDEX `search_entries_group` ON `search_entries` (`group_id`);--> statement-breakpoint
CREATE TABLE `session_attendance` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
