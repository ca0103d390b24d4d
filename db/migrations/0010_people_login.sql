ALTER TABLE `people` ADD `login` text;--> statement-breakpoint
ALTER TABLE `people` ADD `disabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `people_login_unique` ON `people` (`login`);