CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`category` text NOT NULL,
	`rule_id` text NOT NULL,
	`label` text NOT NULL,
	`metric` text NOT NULL,
	`feature` text,
	`severity` text NOT NULL,
	`probability` integer NOT NULL,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`worst_value` real,
	`breaches` integer NOT NULL,
	`status` text NOT NULL,
	`assessment_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `monitoring_imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_model_status` ON `findings` (`model_id`,`status`);--> statement-breakpoint
CREATE TABLE `metric_points` (
	`import_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`ts` text NOT NULL,
	`metric` text NOT NULL,
	`feature` text,
	`value` real,
	`lower` real,
	`upper` real,
	`alert` integer,
	FOREIGN KEY (`import_id`) REFERENCES `monitoring_imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `metric_points_model_metric` ON `metric_points` (`model_id`,`metric`,`ts`);--> statement-breakpoint
CREATE TABLE `monitoring_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`format` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`rows` integer NOT NULL,
	`time_from` text,
	`time_to` text,
	`imported_by` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitoring_imports_model_sha` ON `monitoring_imports` (`model_id`,`sha256`);