-- Workflow history (consent decisions, request steps, opt-outs, sharing, PHI accesses)
-- is evidence: nobody rewrites or removes it, not even the owner of the table.
CREATE OR REPLACE FUNCTION privacy.refuse_history_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%I.%I is append-only: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP),
        HINT = 'These rows are evidence; record a new decision or event instead.';
END
$$;

COMMENT ON FUNCTION privacy.refuse_history_change() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE of the append-only workflow history tables';
