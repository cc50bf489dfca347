-- The schemas pg-governance owns: the one list behind every "is this ours?" test (the
-- functions that refuse governance tables, the scans that skip them, the security
-- checks). IMMUTABLE plain SQL, so the planner folds it into a constant.
CREATE OR REPLACE FUNCTION governance.pack_schemas()
RETURNS name[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ARRAY['governance', 'audit', 'access', 'privacy', 'lineage', 'compliance']::name[] $$;

COMMENT ON FUNCTION governance.pack_schemas() IS 'The schemas created and owned by pg-governance';

GRANT EXECUTE ON FUNCTION governance.pack_schemas()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
