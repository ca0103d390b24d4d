CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`before` text,
	`after` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_hash_unique` ON `audit_log` (`hash`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`name` text NOT NULL,
	`version` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`purpose` text DEFAULT '' NOT NULL,
	`intended_use` text DEFAULT '' NOT NULL,
	`restrictions` text DEFAULT '' NOT NULL,
	`business_unit` text NOT NULL,
	`owner` text NOT NULL,
	`developers` text NOT NULL,
	`validator` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`tier` integer NOT NULL,
	`exposure` text NOT NULL,
	`usage_volume` text NOT NULL,
	`sourcing` text NOT NULL,
	`vendor_name` text DEFAULT '' NOT NULL,
	`data_sources` text NOT NULL,
	`validated_env` text NOT NULL,
	`production_env` text NOT NULL,
	`env_status` text NOT NULL,
	`ai_act_class` text NOT NULL,
	`maintainers` integer NOT NULL,
	`documentation_url` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`retired_at` text,
	`retirement_reason` text DEFAULT '' NOT NULL,
	CONSTRAINT "models_tier" CHECK(tier between 1 and 3),
	CONSTRAINT "models_retired" CHECK((status = 'retired') = (retired_at is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_ref_unique` ON `models` (`ref`);--> statement-breakpoint
CREATE INDEX `models_business_unit` ON `models` (`business_unit`);--> statement-breakpoint
CREATE INDEX `models_status` ON `models` (`status`);--> statement-breakpoint
CREATE TABLE `risk_matrices` (
	`version` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`probability` text NOT NULL,
	`impact` text NOT NULL,
	`bands` text NOT NULL,
	`grid` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
