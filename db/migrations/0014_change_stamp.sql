ALTER TABLE `models` ADD `change_stamp` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `models_change_stamp` ON `models` (`change_stamp`);--> statement-breakpoint
-- By hand: the database stamps every change to a model (the highest stamp plus one; SQLite has
-- one writer at a time), so the inventory re-reads only the rows changed since it last read
-- (db/queries/models.ts). The update trigger's own update does not fire it again (WHEN).
CREATE TRIGGER `models_change_stamp_insert` AFTER INSERT ON `models` FOR EACH ROW BEGIN
  UPDATE `models` SET `change_stamp` = (SELECT max(`change_stamp`) FROM `models`) + 1 WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `models_change_stamp_update` AFTER UPDATE ON `models` FOR EACH ROW WHEN NEW.`change_stamp` = OLD.`change_stamp` BEGIN
  UPDATE `models` SET `change_stamp` = (SELECT max(`change_stamp`) FROM `models`) + 1 WHERE `id` = NEW.`id`;
END;
