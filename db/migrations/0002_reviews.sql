CREATE TABLE `review_plans` (
	`model_id` integer PRIMARY KEY NOT NULL,
	`reviewer` text NOT NULL,
	`planned_date` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `review_triggers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text NOT NULL,
	`date` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_triggers_model` ON `review_triggers` (`model_id`,`date`);