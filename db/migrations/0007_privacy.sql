CREATE TABLE `membership_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`user_id` text,
	`actor_id` text,
	`change` text NOT NULL,
	`role` text NOT NULL,
	`previous_role` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `membership_changes_group` ON `membership_changes` (`group_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `retention_removals` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`sessions` integer NOT NULL,
	`retention_days` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `retention_removals_group` ON `retention_removals` (`group_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `groups` ADD `retention_days` integer;--> statement-breakpoint
ALTER TABLE `study_sessions` ADD `discussion_removed_at` integer;