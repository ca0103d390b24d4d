ALTER TABLE "models" ADD COLUMN "change_stamp" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "models_change_stamp" ON "models" USING btree ("change_stamp");--> statement-breakpoint
-- By hand: the database stamps every change to a model with the writing transaction's id, so the
-- inventory re-reads only the rows whose transaction its last read's snapshot did not see
-- (db/queries/models.ts); whoever writes, however (psql included), the stamp is set here.
CREATE FUNCTION mrd.models_change_stamp() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
  NEW.change_stamp := pg_current_xact_id()::text::double precision;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER models_change_stamp BEFORE INSERT OR UPDATE ON public.models FOR EACH ROW EXECUTE FUNCTION mrd.models_change_stamp();
