ALTER TABLE `metric_points` ADD `special` text;--> statement-breakpoint
ALTER TABLE `metric_points` ADD `reference` integer;