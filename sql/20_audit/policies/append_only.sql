-- Evidence is append-only (governance.refuse_change): UPDATE, DELETE and TRUNCATE are
-- refused for every role, the owner included; the owner and superusers can still mark a
-- transaction or disable the trigger, which the hash chain catches. Row triggers on the
-- partitioned tables are cloned to every partition, present and future; TRUNCATE
-- triggers are not, so audit.add_partitions adds one to each partition it creates.
-- The view audit.changes refuses the same way (a view cannot be truncated at all).
DROP TRIGGER IF EXISTS refuse_change ON audit.changes;
CREATE TRIGGER refuse_change INSTEAD OF UPDATE OR DELETE ON audit.changes
    FOR EACH ROW EXECUTE FUNCTION governance.refuse_change('append-only', 'Use audit.redact for lawful erasure and audit.purge for retention.');

DO $truncate$
DECLARE
    tbl  regclass;
    hint constant text := 'Use audit.redact for lawful erasure and audit.purge for retention.';
BEGIN
    FOR tbl IN SELECT c.oid FROM pg_catalog.pg_class c
                WHERE c.relnamespace = 'audit'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.oid <> ALL (ARRAY['audit.hash_key', 'audit.tables']::regclass[]) LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS refuse_truncate ON %s', tbl);
        EXECUTE pg_catalog.format('CREATE TRIGGER refuse_truncate BEFORE TRUNCATE ON %s '
                                  'FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)', tbl, hint);
    END LOOP;
    FOREACH tbl IN ARRAY ARRAY['audit.statements', 'audit.row_changes', 'audit.events', 'audit.changes_v1', 'audit.transactions',
                            'audit.chain', 'audit.chain_head', 'audit.purges']::regclass[] LOOP
        EXECUTE pg_catalog.format('DROP TRIGGER IF EXISTS refuse_change ON %s', tbl);
        -- The WHEN clause lets the owning functions' changes (the sealer's head update at
        -- every commit) through without a function call: they mark their transaction in
        -- audit.maintenance and run with the owner's rights. Any role can set the setting,
        -- so the owner's rights are checked too (the definer functions run as the owner; a
        -- role that may write every table, pg_write_all_data, does not): it is only
        -- evaluated while the setting matches.
        EXECUTE pg_catalog.format('CREATE TRIGGER refuse_change BEFORE UPDATE OR DELETE ON %s FOR EACH ROW '
                                  'WHEN (pg_catalog.current_setting(''audit.maintenance'', true) '
                                  'IS DISTINCT FROM pg_catalog.txid_current()::text '
                                  'OR NOT pg_catalog.pg_has_role(%s::pg_catalog.oid, ''USAGE'')) '
                                  'EXECUTE FUNCTION governance.refuse_change(''append-only'', %L)',
                                  tbl, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = tbl), hint);
    END LOOP;
END
$truncate$;
