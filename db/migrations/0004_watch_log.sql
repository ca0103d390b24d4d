CREATE TABLE `watch_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`file_name` text NOT NULL,
	`model_ref` text,
	`status` text NOT NULL,
	`message` text NOT NULL
);
