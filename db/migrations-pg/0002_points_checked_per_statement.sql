-- Written by hand (drizzle-kit generate --custom): a monitoring import's points are checked
-- against their import once per statement, not once per row.
-- PostgreSQL checks a foreign key with one lookup per inserted row, queued until the statement
-- ends: for a million-row COPY that is a million lookups and most of the import's time. The rule
-- stays in the schema (db/schema/monitoring.ts declares it, SQLite keeps its foreign key); on
-- PostgreSQL these triggers carry it, both ways, whoever connects:
--   * a point names an existing import. The import in progress names itself in the transaction
--     setting mrd.copy_import (set_config(…, true)); its rows skip the row check (the trigger's
--     WHEN is evaluated in the executor, without calling a function), and one statement-level
--     check proves that import exists, and holds it as a foreign key would (FOR KEY SHARE). Any
--     other row is looked up on its own, as a foreign key would.
--   * an import that has points cannot be deleted or renumbered.
ALTER TABLE "metric_points" DROP CONSTRAINT "metric_points_import_id_monitoring_imports_id_fk";
--> statement-breakpoint
CREATE FUNCTION mrd_import_exists(import integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM monitoring_imports WHERE id = import FOR KEY SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'insert or update on table "metric_points" violates foreign key constraint "metric_points_import_id_monitoring_imports_id_fk"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (import_id)=(%s) is not present in table "monitoring_imports".', import);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION mrd_point_has_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mrd_import_exists(NEW.import_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION mrd_copy_import_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE import text := nullif(current_setting('mrd.copy_import', true), '');
BEGIN
  IF import IS NOT NULL THEN
    PERFORM mrd_import_exists(import::integer);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "metric_points_import_exists" AFTER INSERT OR UPDATE OF import_id ON "metric_points" FOR EACH ROW
  WHEN (NEW.import_id IS DISTINCT FROM nullif(current_setting('mrd.copy_import', true), '')::integer)
  EXECUTE FUNCTION mrd_point_has_import();
--> statement-breakpoint
CREATE TRIGGER "metric_points_copy_import_exists" AFTER INSERT OR UPDATE OF import_id ON "metric_points" FOR EACH STATEMENT
  EXECUTE FUNCTION mrd_copy_import_exists();
--> statement-breakpoint
CREATE FUNCTION mrd_imports_keep_points() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE kept integer;
BEGIN
  SELECT o.id INTO kept FROM mrd_old_imports o
   WHERE EXISTS (SELECT 1 FROM metric_points p WHERE p.import_id = o.id)
     AND NOT EXISTS (SELECT 1 FROM monitoring_imports i WHERE i.id = o.id) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'update or delete on table "monitoring_imports" violates foreign key constraint "metric_points_import_id_monitoring_imports_id_fk" on table "metric_points"'
      USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (id)=(%s) is still referenced from table "metric_points".', kept);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "monitoring_imports_points_kept" AFTER DELETE ON "monitoring_imports"
  REFERENCING OLD TABLE AS mrd_old_imports FOR EACH STATEMENT EXECUTE FUNCTION mrd_imports_keep_points();
--> statement-breakpoint
CREATE TRIGGER "monitoring_imports_points_kept_update" AFTER UPDATE ON "monitoring_imports"
  REFERENCING OLD TABLE AS mrd_old_imports FOR EACH STATEMENT EXECUTE FUNCTION mrd_imports_keep_points();
