-- The check every function that takes a table and a column makes first: a NULL is a
-- missing argument (22004, like the pack's other required arguments), a name the table
-- does not have is an unknown column (42703); both name the caller. Returns the column's
-- type as SQL, for the callers that build a policy or a cast on it.
-- Granted: the row-security functions that call it (access.enable_tenant_isolation,
-- privacy.consent_required) run with their caller's rights, since only a table's owner
-- may change its row security.
CREATE OR REPLACE FUNCTION governance.require_column(caller text, tbl regclass, col name)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col_type text;
BEGIN
    IF tbl IS NULL OR col IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = caller || ': table and column are required';
    END IF;
    SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO col_type
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no column %I', caller, tbl, col);
    END IF;
    RETURN col_type;
END
$$;

COMMENT ON FUNCTION governance.require_column(text, regclass, name) IS
    'The type of column col of tbl; raises 22004 when either is NULL, 42703 naming the caller when tbl has no such column';

GRANT EXECUTE ON FUNCTION governance.require_column(text, regclass, name) TO governance_admin, governance_dpo;
