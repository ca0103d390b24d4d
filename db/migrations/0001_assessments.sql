CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`matrix_version` integer NOT NULL,
	`based_on` integer,
	`created_by` text NOT NULL,
	`assessor` text,
	`submitted_at` text,
	`decided_by` text,
	`decided_at` text,
	`decision_comment` text DEFAULT '' NOT NULL,
	`overall_inherent` text,
	`overall_residual` text,
	`inherent_cell` text,
	`residual_cell` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`risks` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matrix_version`) REFERENCES `risk_matrices`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_model_version` ON `assessments` (`model_id`,`version`);--> statement-breakpoint
CREATE INDEX `assessments_current` ON `assessments` (`model_id`,`status`,`version`);--> statement-breakpoint
CREATE INDEX `assessments_status` ON `assessments` (`status`);--> statement-breakpoint
ALTER TABLE `models` ADD `current_assessment_id` integer;--> statement-breakpoint
ALTER TABLE `models` ADD `rating` text;--> statement-breakpoint
ALTER TABLE `models` ADD `inherent_rating` text;--> statement-breakpoint
ALTER TABLE `models` ADD `residual_cell` text;--> statement-breakpoint
ALTER TABLE `models` ADD `inherent_cell` text;