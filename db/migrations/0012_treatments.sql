CREATE TABLE `risk_acceptances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`assessment_id` integer NOT NULL,
	`category` text NOT NULL,
	`band` text NOT NULL,
	`justification` text NOT NULL,
	`accepted_by` text NOT NULL,
	`accepted_by_id` integer,
	`accepted_os` text,
	`accepted_at` text NOT NULL,
	`expires_on` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risk_acceptances_risk` ON `risk_acceptances` (`assessment_id`,`category`);--> statement-breakpoint
CREATE INDEX `risk_acceptances_model` ON `risk_acceptances` (`model_id`);--> statement-breakpoint
CREATE TABLE `treatment_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`assessment_id` integer NOT NULL,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`owner` text NOT NULL,
	`due_date` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`evidence` text DEFAULT '[]' NOT NULL,
	`finished_at` text,
	`finished_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `treatment_actions_model` ON `treatment_actions` (`model_id`,`category`);