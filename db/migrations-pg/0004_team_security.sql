-- Written by hand (drizzle-kit generate --custom): the rules that hold in the database itself,
-- whoever connects (the app, psql, any client with a login's password). README "Team database:
-- roles and what the database enforces" says the same for administrators.
--
-- Who is who. A person on a team is a PostgreSQL login with a row in people (login, display
-- name, role) and membership of one of the roles below (mrd --db URL team add-user). The
-- database's owner (whoever ran team init: the installing administrator) is outside the team: it
-- may load a whole portfolio (team import, seed-demo) and act through local profiles, and every
-- entry it writes names it as the login (os_user), so the trail shows what was not vouched for.
--
-- 1. Roles, made once per cluster (PostgreSQL roles are cluster-wide).
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['mrd_risk_officer', 'mrd_review_lead', 'mrd_auditor', 'mrd_admin'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
-- 2. What each role may touch (the tables' owner keeps the rest). Everyone reads everything (RLS
--    is not used); officers and leads write the portfolio; an auditor writes only the record of
--    the reports it runs (reports, and the audit entry saying so); an admin only the directory.
--    No one but the owner may delete; no one at all may change or remove an audit entry (4.).
GRANT USAGE ON SCHEMA public, drizzle TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
GRANT SELECT ON drizzle.__drizzle_migrations TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
GRANT INSERT, UPDATE ON models, assessments, review_plans, review_triggers, monitoring_imports, metric_points, findings, settings, watch_log, reports, risk_matrices TO mrd_risk_officer, mrd_review_lead;
GRANT DELETE ON review_plans, settings TO mrd_risk_officer, mrd_review_lead;
GRANT INSERT ON reports TO mrd_auditor;
GRANT INSERT, UPDATE ON people TO mrd_admin;
GRANT INSERT ON audit_log TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
--> statement-breakpoint
-- 3. The rules' own schema: functions and the one bookkeeping table, reachable by no login.
CREATE SCHEMA mrd;
--> statement-breakpoint
REVOKE ALL ON SCHEMA mrd FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA mrd TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
--> statement-breakpoint
-- True for the database's owner (and superusers): the installing administrator, not a person.
CREATE FUNCTION mrd.is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_log'::regclass), 'USAGE')
$$;
--> statement-breakpoint
-- The directory entry of the login connected (session_user: SET ROLE cannot change it).
CREATE FUNCTION mrd.me() RETURNS public.people LANGUAGE sql STABLE AS $$
  SELECT * FROM public.people WHERE login = session_user
$$;
--> statement-breakpoint
-- 4. The audit log: entries are appended only, and the database writes who and when. Each new
--    entry's number, predecessor, time (the server's clock), login (os_user) and, for a person
--    in the directory, name and id are set here, and its hash computed here, over the same
--    canonical JSON as db/audit.ts entryHash, so `mrd audit verify` checks them like any other.
--    The chain's head is read under the same transaction lock the app takes, so writers from any
--    number of clients queue for it and the chain stays one. Entries arriving whole (their hash
--    given) are accepted from the owner alone: team import, whose chain is verified on arrival.
-- Which transactions appended an entry (5. below): written here alone (the function runs as the
-- owner; no login can write the table), and, being written in the transaction, gone with it if
-- it rolls back, savepoints included.
CREATE TABLE mrd.audited (xid xid8 PRIMARY KEY);
--> statement-breakpoint
CREATE FUNCTION mrd.audit_stamp() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  head record;
  who public.people;
  body text;
BEGIN
  PERFORM pg_advisory_xact_lock(7172708);
  -- Under the lock: forget finished transactions' notes, note this one (its top-level id).
  DELETE FROM mrd.audited WHERE xid <> pg_current_xact_id() AND pg_xact_status(xid) IS DISTINCT FROM 'in progress';
  INSERT INTO mrd.audited VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  IF NEW.hash <> '' AND mrd.is_owner() THEN
    RETURN NEW;
  END IF;
  SELECT seq, hash INTO head FROM public.audit_log ORDER BY seq DESC LIMIT 1;
  who := mrd.me();
  IF who.id IS NOT NULL THEN
    IF who.disabled THEN
      RAISE EXCEPTION '% is disabled in this team''s directory: an administrator can enable it again', session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- An administrator (an auditor's rights, and the directory) records directory changes and reports.
    IF who.role = 'auditor' AND NOT (NEW.action = 'report' OR (NEW.action = 'role' AND pg_has_role(session_user, 'mrd_admin', 'MEMBER'))) THEN
      RAISE EXCEPTION '% is an auditor: an auditor reads and runs reports, and changes nothing', session_user USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.actor := who.name;
    NEW.actor_id := who.id;
  ELSIF NOT mrd.is_owner() THEN
    RAISE EXCEPTION '% is not in this team''s directory: an administrator runs mrd --db URL team add-user %', session_user, session_user USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.os_user := session_user;
  NEW.seq := coalesce(head.seq, 0) + 1;
  NEW.prev_hash := coalesce(head.hash, repeat('0', 64));
  -- The server's clock; the owner, loading a portfolio's history (seed-demo), may date its entries.
  IF NOT (mrd.is_owner() AND NEW.at <> '') THEN
    NEW.at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  END IF;
  body := '{"action":' || to_json(NEW.action)::text
    || ',"actor":' || to_json(NEW.actor)::text
    || CASE WHEN NEW.actor_id IS NULL THEN '' ELSE ',"actorId":' || NEW.actor_id::text END
    || ',"after":' || coalesce(to_json(NEW.after)::text, 'null')
    || ',"at":' || to_json(NEW.at)::text
    || ',"before":' || coalesce(to_json(NEW.before)::text, 'null')
    || ',"entity":' || to_json(NEW.entity)::text
    || ',"entityId":' || to_json(NEW.entity_id)::text
    || ',"osUser":' || to_json(NEW.os_user)::text
    || ',"seq":' || NEW.seq::text || '}';
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash || E'\n' || body, 'UTF8')), 'hex');
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON public.audit_log FOR EACH ROW EXECUTE FUNCTION mrd.audit_stamp();
--> statement-breakpoint
CREATE FUNCTION mrd.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: no login, administrators included, may % its entries', lower(TG_OP) USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION mrd.audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION mrd.audit_append_only();
--> statement-breakpoint
-- 5. No change to the portfolio is committed without its audit entry. A change notes its
--    transaction in mrd.audit_pending (once: the key is the transaction); at commit a deferred
--    check asks whether this same transaction appended an entry (mrd.audited, above).
CREATE TABLE mrd.audit_pending (xid xid8 PRIMARY KEY, tables text NOT NULL);
--> statement-breakpoint
CREATE FUNCTION mrd.change_needs_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO mrd.audit_pending VALUES (pg_current_xact_id(), TG_TABLE_NAME) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION mrd.audit_present() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM mrd.audited WHERE xid = NEW.xid) THEN
    RAISE EXCEPTION 'a change to % was not recorded in the audit log: every change is committed with its audit entry', NEW.tables USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM mrd.audit_pending WHERE xid = NEW.xid;
  DELETE FROM mrd.audited WHERE xid = NEW.xid;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_present AFTER INSERT ON mrd.audit_pending DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION mrd.audit_present();
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  -- Row triggers (a statement that changes nothing needs no entry); metric points, which arrive
  -- a million at a time with their import, once per statement.
  FOREACH t IN ARRAY ARRAY['models', 'assessments', 'review_plans', 'review_triggers', 'monitoring_imports', 'findings', 'settings', 'reports', 'risk_matrices', 'people'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION mrd.change_needs_audit()', t || '_audited', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON public.%I FOR EACH STATEMENT EXECUTE FUNCTION mrd.change_needs_audit()', t || '_audited_truncate', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TRIGGER metric_points_audited AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.metric_points FOR EACH STATEMENT EXECUTE FUNCTION mrd.change_needs_audit();
--> statement-breakpoint
-- 6. Four eyes and frozen approvals. An assessment is made as a draft; submitting it records the
--    submitter's login; a decision needs a review lead's login other than the submitter's, and
--    records it; an approved assessment never changes and none is deleted. The owner, loading a
--    portfolio, may insert decided assessments and act for the profiles it holds.
CREATE FUNCTION mrd.assessment_rules() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who public.people;
  owner boolean := mrd.is_owner();
  what text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'assessment % is kept: assessments are never deleted', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  what := format('assessment v%s of model #%s', NEW.version, NEW.model_id);
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' AND NOT owner THEN
      RAISE EXCEPTION '% must be created as a draft (it was %)', what, NEW.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'approved' THEN
    RAISE EXCEPTION '% is approved: an approved assessment cannot change (start a new version)', what USING ERRCODE = 'insufficient_privilege';
  END IF;
  who := mrd.me();
  IF NEW.status = 'submitted' AND OLD.status <> 'submitted' THEN
    NEW.assessor_os := session_user;
    IF who.id IS NOT NULL THEN
      NEW.assessor := who.name;
      NEW.assessor_id := who.id;
    END IF;
  ELSIF NEW.status IN ('approved', 'rejected') AND NEW.status IS DISTINCT FROM OLD.status THEN
    IF OLD.status <> 'submitted' THEN
      RAISE EXCEPTION '% is %, not submitted: only a submitted assessment can be approved or rejected', what, OLD.status USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT owner THEN
      IF session_user = OLD.assessor_os THEN
        RAISE EXCEPTION '% was submitted by %: four eyes — another review lead''s login must approve or reject it', what, session_user USING ERRCODE = 'insufficient_privilege';
      END IF;
      IF NOT pg_has_role(session_user, 'mrd_review_lead', 'MEMBER') THEN
        RAISE EXCEPTION '% is not a review lead: only a review lead''s login can approve or reject %', session_user, what USING ERRCODE = 'insufficient_privilege';
      END IF;
    END IF;
    NEW.decided_os := session_user;
    IF who.id IS NOT NULL THEN
      NEW.decided_by := who.name;
      NEW.decided_by_id := who.id;
    END IF;
  ELSIF NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'draft' THEN
    RAISE EXCEPTION '% cannot go from % to %', what, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER assessments_rules BEFORE INSERT OR UPDATE OR DELETE ON public.assessments FOR EACH ROW EXECUTE FUNCTION mrd.assessment_rules();
--> statement-breakpoint
-- 7. Others' work reaches open screens: each entry, once committed, is announced on the channel
--    mrd_changes (LISTEN/NOTIFY delivers only committed transactions' notices, in commit order).
CREATE FUNCTION mrd.audit_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mrd_changes', json_build_object('seq', NEW.seq, 'actor', NEW.actor, 'login', NEW.os_user, 'action', NEW.action, 'entity', NEW.entity, 'entityId', NEW.entity_id, 'at', NEW.at)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_notify AFTER INSERT ON public.audit_log FOR EACH ROW EXECUTE FUNCTION mrd.audit_notify();
