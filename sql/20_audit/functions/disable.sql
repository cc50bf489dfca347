CREATE OR REPLACE FUNCTION audit.disable(tbl regclass)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    config  audit.tables;
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'audit.disable: table is required';
    END IF;
    IF EXISTS (SELECT 1 FROM audit.tables t WHERE t.relid = tbl) THEN
        PERFORM governance.require_owner_rights('audit.disable', tbl, pg_catalog.format(
            'have its owner drop the triggers audit_insert, audit_update, audit_delete and audit_truncate of %s '
            '(and of its partitions), then call audit.disable again.', tbl));
    END IF;
    DELETE FROM audit.tables t WHERE t.relid = tbl RETURNING t.* INTO config;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM audit.drop_capture(tbl);
    -- Switching auditing off is itself evidence.
    PERFORM audit.record_event('audit.disable', 'disable', 'table', config.table_name);
    RETURN true;
END
$$;

COMMENT ON FUNCTION audit.disable(regclass) IS
    'Stops capturing changes of a table; the history stays. Returns false if it was not audited';

GRANT EXECUTE ON FUNCTION audit.disable(regclass) TO governance_admin;
