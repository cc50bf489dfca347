-- Evaluates one registered check. SECURITY INVOKER on purpose: a check sees what the
-- connected role sees, so a role that cannot read pg_hba_file_rules gets `skipped` with
-- the privilege it lacks, never `pass`.
CREATE OR REPLACE FUNCTION compliance.run_check(c compliance.checks)
RETURNS TABLE (framework text, control text, status text, severity text, evidence jsonb, remedy text,
               check_id text, title text, waiver jsonb)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    missing  text[];
    findings jsonb;
BEGIN
    framework := c.framework; control := c.control; severity := c.severity;
    remedy := c.remedy; check_id := c.id; title := c.title; waiver := NULL;

    -- A module that is not installed has nothing to check.
    SELECT coalesce(pg_catalog.array_agg(x), '{}') INTO missing
      FROM (SELECT r FROM pg_catalog.unnest(c.requires_relations) r WHERE pg_catalog.to_regclass(r) IS NULL
            UNION ALL
            SELECT f FROM pg_catalog.unnest(c.requires_functions) f WHERE pg_catalog.to_regprocedure(f) IS NULL) m(x);
    IF missing <> '{}' THEN
        status := 'not_applicable';
        evidence := pg_catalog.jsonb_build_object('missing', missing);
        RETURN NEXT;
        RETURN;
    END IF;

    -- A check that cannot run is skipped, never a pass; a waiver may accept that it
    -- cannot run here (compliance.active_waiver), which the report and the gate show.
    missing := compliance.missing_privileges(c.requires_privileges);
    IF missing <> '{}' THEN
        status := 'skipped';
        evidence := pg_catalog.jsonb_build_object('missing_privileges', missing);
        waiver := compliance.active_waiver(c.id);
        RETURN NEXT;
        RETURN;
    END IF;

    -- Evidence is capped: a check that finds ten thousand unexplained PHI reads fails the
    -- same way with the first hundred of them as examples.
    BEGIN
        EXECUTE pg_catalog.format(
            'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e)), ''[]'') FROM (%s LIMIT 100) e', c.query)
           INTO findings;
    EXCEPTION
        WHEN insufficient_privilege THEN
            -- Something the role may not read (a governance table granted per module, an
            -- application schema): the server's words say which.
            status := 'skipped';
            evidence := pg_catalog.jsonb_build_object('permission_denied', SQLERRM);
            waiver := compliance.active_waiver(c.id);
            RETURN NEXT;
            RETURN;
        WHEN OTHERS THEN
            -- A broken check must neither pass nor stop the others from running.
            status := 'skipped';
            evidence := pg_catalog.jsonb_build_object('error', SQLSTATE || ': ' || SQLERRM);
            waiver := compliance.active_waiver(c.id);
            RETURN NEXT;
            RETURN;
    END;

    evidence := findings;
    IF pg_catalog.jsonb_array_length(findings) = 0 THEN
        status := 'pass';
    ELSE
        status := c.on_finding;
        waiver := compliance.active_waiver(c.id);
        -- An accepted risk stays visible, as a warning carrying its waiver.
        IF waiver IS NOT NULL THEN
            status := 'warn';
        END IF;
    END IF;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION compliance.run_check(compliance.checks) IS
    'Evaluates one compliance check with the caller''s privileges (run_checks runs them all)';

GRANT EXECUTE ON FUNCTION compliance.run_check(compliance.checks) TO governance_admin, governance_dpo, governance_auditor;
