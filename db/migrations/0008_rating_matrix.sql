ALTER TABLE `assessments` ADD `remapped` text;--> statement-breakpoint
ALTER TABLE `models` ADD `rating_matrix_version` integer;--> statement-breakpoint
UPDATE `models` SET `rating_matrix_version` = (SELECT `matrix_version` FROM `assessments` WHERE `assessments`.`id` = `models`.`current_assessment_id`) WHERE `current_assessment_id` IS NOT NULL;
