ALTER TABLE "findings" ALTER COLUMN "import_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "kind" text DEFAULT 'monitoring' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "description" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "owner" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "due_date" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "action_plan" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "remediation" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "closed_at" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "closure" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "evidence" json DEFAULT '[]'::json NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "updated_at" text DEFAULT '' NOT NULL;