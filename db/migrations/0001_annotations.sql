CREATE TABLE `annotation_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`annotation_id` text NOT NULL,
	`session_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`hidden_at` integer,
	`deleted_at` integer,
	`seq` integer NOT NULL,
	FOREIGN KEY (`annotation_id`) REFERENCES `annotations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `annotation_replies_annotation` ON `annotation_replies` (`annotation_id`);--> statement-breakpoint
CREATE INDEX `annotation_replies_session` ON `annotation_replies` (`session_id`);--> statement-breakpoint
CREATE TABLE `annotations` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`author_id` text NOT NULL,
	`kind` text NOT NULL,
	`visibility` text NOT NULL,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`exact` text NOT NULL,
	`prefix` text NOT NULL,
	`suffix` text NOT NULL,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`before_meeting` integer NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`hidden_at` integer,
	`deleted_at` integer,
	`seq` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `annotations_session` ON `annotations` (`session_id`,`start_offset`);--> statement-breakpoint
ALTER TABLE `session_events` ADD `op_digest` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `session_events` ADD `private_to` text REFERENCES users(id);