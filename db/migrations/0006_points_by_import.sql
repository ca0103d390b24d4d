DROP INDEX `metric_points_model_metric`;--> statement-breakpoint
CREATE INDEX `metric_points_import` ON `metric_points` (`import_id`);--> statement-breakpoint
ALTER TABLE `metric_points` DROP COLUMN `model_id`;