-- Makes a table of the trail append-only (governance.refuse_change): TRUNCATE is
-- refused, and UPDATE and DELETE unless the owning functions mark their transaction in
-- audit.maintenance and run with the owner's rights (any role can set the setting; a role
-- that may write every table, pg_write_all_data, does not hold the owner's rights). The
-- WHEN clause lets the owning functions' changes through without a function call.
-- row_changes: false for a partition, which inherits its parent's row trigger.
CREATE OR REPLACE FUNCTION audit.guard_evidence(tbl regclass, row_changes boolean)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hint constant text := 'Use audit.redact for lawful erasure and audit.purge for retention.';
BEGIN
    -- Replaced, not stacked; and no NOTICE when new (shadows are created in the writer's session).
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = tbl AND t.tgname = 'refuse_truncate') THEN
        EXECUTE pg_catalog.format('DROP TRIGGER refuse_truncate ON %s', tbl);
    END IF;
    EXECUTE pg_catalog.format('CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON %s '
                              'FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)', tbl, hint);
    IF row_changes THEN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = tbl AND t.tgname = 'refuse_change') THEN
            EXECUTE pg_catalog.format('DROP TRIGGER refuse_change ON %s', tbl);
        END IF;
        EXECUTE pg_catalog.format('CREATE TRIGGER refuse_change BEFORE UPDATE OR DELETE ON %s FOR EACH ROW '
                                  'WHEN (pg_catalog.current_setting(''audit.maintenance'', true) '
                                  'IS DISTINCT FROM pg_catalog.txid_current()::text '
                                  'OR NOT pg_catalog.pg_has_role(%s::pg_catalog.oid, ''USAGE'')) '
                                  'EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)',
                                  tbl, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = tbl), hint);
    END IF;
END
$$;

COMMENT ON FUNCTION audit.guard_evidence(regclass, boolean) IS
    'Internal: the append-only triggers of a table of the audit trail';
