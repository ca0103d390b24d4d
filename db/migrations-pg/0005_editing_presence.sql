-- Written by hand (drizzle-kit generate --custom): who has an assessment open for editing, and
-- since when (README "Seeing each other's work"). It is not part of the portfolio (it says
-- nothing about a model, so it is neither audited nor backed up) and no login reaches the table:
-- mrd.editing() reads and writes it as session_user, so no one can appear as someone else.
-- A screen renews its row every 30 seconds; a row not renewed for 90 (the app closed, the
-- network gone) no longer counts and is removed by the next call.
CREATE TABLE mrd.editing (
  assessment_id integer NOT NULL REFERENCES public.assessments(id),
  login text COLLATE "C" NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, login)
);
--> statement-breakpoint
-- `open`: the caller is editing the assessment (true: note or renew it; false: it closed the
-- page). Returns the others who have it open, with their directory names; announces a new or
-- ended presence on the channel mrd_presence, so their screens show it at once.
CREATE FUNCTION mrd.editing(aid integer, open boolean) RETURNS TABLE (login text, name text, since text) LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  fresh boolean := false;
  gone integer := 0;
BEGIN
  DELETE FROM mrd.editing e WHERE e.seen_at < now() - interval '90 seconds';
  IF open THEN
    IF NOT (mrd.is_owner() OR pg_has_role(session_user, 'mrd_risk_officer', 'MEMBER') OR pg_has_role(session_user, 'mrd_review_lead', 'MEMBER')) THEN
      RAISE EXCEPTION 'only risk officers and review leads edit assessments' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO mrd.editing AS e (assessment_id, login) VALUES (aid, session_user)
      ON CONFLICT ON CONSTRAINT editing_pkey DO UPDATE SET seen_at = now()
      RETURNING (e.xmax = 0) INTO fresh;
  ELSE
    DELETE FROM mrd.editing e WHERE e.assessment_id = aid AND e.login = session_user;
    GET DIAGNOSTICS gone = ROW_COUNT;
  END IF;
  IF fresh OR gone > 0 THEN
    PERFORM pg_notify('mrd_presence', json_build_object('assessmentId', aid, 'login', session_user, 'open', open)::text);
  END IF;
  RETURN QUERY
    SELECT e.login::text, coalesce(p.name, e.login::text), to_char(e.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM mrd.editing e LEFT JOIN public.people p ON p.login = e.login
    WHERE e.assessment_id = aid AND e.login <> session_user
    ORDER BY e.since, e.login;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION mrd.editing(integer, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION mrd.editing(integer, boolean) TO mrd_risk_officer, mrd_review_lead, mrd_auditor, mrd_admin;
