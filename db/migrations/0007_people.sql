CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`role` text NOT NULL,
	`os_user` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_name_key_unique` ON `people` (`name_key`);--> statement-breakpoint
ALTER TABLE `assessments` ADD `created_by_id` integer;--> statement-breakpoint
ALTER TABLE `assessments` ADD `assessor_id` integer;--> statement-breakpoint
ALTER TABLE `assessments` ADD `assessor_os` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `decided_by_id` integer;--> statement-breakpoint
ALTER TABLE `assessments` ADD `decided_os` text;--> statement-breakpoint
ALTER TABLE `assessments` ADD `shared_computer` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `actor_id` integer;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `os_user` text;--> statement-breakpoint
INSERT INTO `people` (`name`, `name_key`, `role`, `os_user`, `created_at`) SELECT json_extract(`value`, '$.name'), lower(trim(json_extract(`value`, '$.name'))), json_extract(`value`, '$.role'), '', `updated_at` FROM `settings` WHERE `key` = 'profile' AND json_extract(`value`, '$.name') IS NOT NULL;--> statement-breakpoint
UPDATE `settings` SET `value` = json_object('personId', (SELECT max(`id`) FROM `people`)) WHERE `key` = 'profile' AND json_extract(`value`, '$.name') IS NOT NULL;
