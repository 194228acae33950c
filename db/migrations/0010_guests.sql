CREATE TABLE `session_guests` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`arrived_at` integer NOT NULL,
	`decided_at` integer,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_guests_user` ON `session_guests` (`user_id`);--> statement-breakpoint
ALTER TABLE `study_sessions` ADD `guests_allowed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `study_sessions` ADD `guests_admitted_automatically` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `kind` text DEFAULT 'account' NOT NULL;