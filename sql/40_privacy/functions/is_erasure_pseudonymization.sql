-- Workflow history (consent decisions, opt-outs, sharing, PHI accesses) is evidence:
-- nobody rewrites or removes it, not even the owner of the table (governance.refuse_change).
-- One change is allowed, the one erasure makes (privacy.pseudonymize_subject): the
-- subject column goes from a key to 'erased:<keyed hash>', and the network identifiers
-- of the evidence (ip, user_agent) are dropped; everything else stays as it was. The
-- history tables' UPDATE triggers call governance.refuse_change unless this says the
-- change is that one (their WHEN clause, policies/history_append_only.sql).
CREATE OR REPLACE FUNCTION privacy.is_erasure_pseudonymization(old_row jsonb, new_row jsonb, subject_column text)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kept_evidence jsonb := CASE WHEN pg_catalog.jsonb_typeof(old_row->'evidence') = 'object'
                                THEN (old_row->'evidence') - 'ip' - 'user_agent' ELSE old_row->'evidence' END;
BEGIN
    RETURN COALESCE(new_row->>subject_column ~ '^erased:[0-9a-f]{64}$' AND old_row->>subject_column !~ '^erased:'
                    AND (new_row - subject_column - 'evidence') = (old_row - subject_column - 'evidence')
                    AND (new_row->'evidence') IS NOT DISTINCT FROM kept_evidence, false);
END
$$;

COMMENT ON FUNCTION privacy.is_erasure_pseudonymization(jsonb, jsonb, text) IS
    'Internal: true when a change of a workflow history row is the pseudonymization erasure makes (the WHEN clause of the history tables'' append-only triggers)';
