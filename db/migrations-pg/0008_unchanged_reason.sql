ALTER TABLE "assessments" ADD COLUMN "unchanged_reason" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- By hand, as 0001 does for every text column: compared byte by byte, as in SQLite.
ALTER TABLE "assessments" ALTER COLUMN "unchanged_reason" TYPE text COLLATE "C";
