-- Guard rail: after this, an analyst role reads the dataset only through the DP functions,
-- which are SECURITY DEFINER and charge the budget. Runs with the caller's rights (not
-- SECURITY DEFINER) because only the table's owner may change its grants: the owner revokes
-- the analyst's and PUBLIC's access and lets the DP functions' owner read the table. It
-- then verifies that the analyst cannot read it any other way (another role it belongs
-- to, ownership, column grants) and raises if it still can.
CREATE OR REPLACE FUNCTION privacy.dp_protect(dataset regclass, analyst regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    definer regrole := (SELECT p.proowner::regrole FROM pg_catalog.pg_proc p
                         WHERE p.oid = 'privacy.dp_count_release(regclass, float8)'::regprocedure);
BEGIN
    IF dataset IS NULL OR analyst IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'privacy.dp_protect: dataset and analyst are required';
    END IF;
    IF NOT pg_catalog.pg_has_role((SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = dataset), 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('privacy.dp_protect: only the owner of %s can change who reads it', dataset);
    END IF;
    EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM PUBLIC, %I', dataset, analyst);
    EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I', dataset, definer);
    IF pg_catalog.has_table_privilege(analyst, dataset, 'SELECT')
       OR pg_catalog.has_any_column_privilege(analyst, dataset, 'SELECT') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('privacy.dp_protect: %s can still read %s directly', analyst, dataset),
            HINT = 'It owns the table, is a superuser, or belongs to a role granted SELECT on it: revoke that first.';
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.dp_protect(regclass, regrole) IS
    'Guard rail (run by the table owner): the analyst role may read the dataset only through the DP functions';

GRANT EXECUTE ON FUNCTION privacy.dp_protect(regclass, regrole) TO governance_admin, governance_dpo, governance_app;
