-- Trigger function: the release log and the budget events are evidence; nobody, not even the
-- owner, updates or deletes them (the owning functions only ever insert).
CREATE OR REPLACE FUNCTION privacy.dp_append_only()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%s.%s is append-only: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP);
END
$$;

COMMENT ON FUNCTION privacy.dp_append_only() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE on the differential privacy evidence tables';
