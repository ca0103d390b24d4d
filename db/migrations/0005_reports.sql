CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`scope` text NOT NULL,
	`as_of` text NOT NULL,
	`generated_by` text NOT NULL,
	`generated_at` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`pages` integer NOT NULL,
	`models` integer NOT NULL,
	`file_name` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reports_sha256` ON `reports` (`sha256`);