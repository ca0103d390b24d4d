ALTER TABLE "people" ADD COLUMN "login" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "disabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_login_unique" UNIQUE("login");