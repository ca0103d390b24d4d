-- Written by hand (drizzle-kit generate --custom): what lets one query layer run on both engines.
-- 1. Text compares and sorts byte by byte, as in SQLite, whatever the database's locale: the
--    same inventory order, the same "first" row, on every engine and every server.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'public' AND data_type = 'text' AND (collation_name IS NULL OR collation_name <> 'C')
  LOOP
    EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE "C"', c.table_name, c.column_name);
  END LOOP;
END $$;
--> statement-breakpoint
-- 2. Drizzle's SQLite dialect writes NULL for a key it leaves to the database (SQLite's rowid
--    alias takes the next number); here a trigger takes the identity's next number instead.
CREATE FUNCTION mrd_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    NEW.id := nextval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id'));
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT table_name FROM information_schema.columns
           WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'
  LOOP
    -- WHEN: the function runs only for the rows that need it (COPY and explicit keys never pay for it).
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION mrd_fill_id()', t.table_name || '_fill_id', t.table_name);
  END LOOP;
END $$;
