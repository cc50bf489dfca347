-- The erasure log is evidence: nobody rewrites or removes it, not even its owner.
CREATE OR REPLACE FUNCTION privacy.erasures_refuse_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('privacy.erasures is append-only: %s refused', TG_OP),
        HINT = 'Erasure records are evidence of what was done; they are never changed.';
END
$$;

COMMENT ON FUNCTION privacy.erasures_refuse_change() IS 'Trigger: refuses UPDATE, DELETE and TRUNCATE of privacy.erasures';
