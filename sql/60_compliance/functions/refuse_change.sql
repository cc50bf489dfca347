-- Trigger function: waivers and snapshots are evidence, written once by their functions.
CREATE OR REPLACE FUNCTION compliance.refuse_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%s on %I.%I is refused: compliance evidence is append-only',
                                    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME);
END
$$;

COMMENT ON FUNCTION compliance.refuse_change() IS 'Trigger: refuses UPDATE, DELETE and TRUNCATE of compliance evidence';
