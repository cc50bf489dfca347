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
BEGIN
    FOR tbl IN SELECT c.oid FROM pg_catalog.pg_class c
                WHERE c.relnamespace = 'audit'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.oid <> ALL (ARRAY['audit.hash_key', 'audit.tables']::regclass[]) LOOP
        -- Row triggers on the partitioned tables are cloned to their partitions. The raw
        -- records (audit.pending and the shadow tables) have none: nobody but the owner
        -- may change them (row-level security), the owner could get past the trigger
        -- anyway, nothing hashed covers them yet, and the sealer deletes every one of them
        -- (a row trigger cost some 5 us a record there).
        PERFORM audit.guard_evidence(tbl, tbl = ANY (ARRAY['audit.statements', 'audit.row_changes', 'audit.events',
                                                        'audit.changes_v1', 'audit.transactions', 'audit.chain',
                                                        'audit.chain_head', 'audit.purges', 'audit.shapes']::regclass[]));
    END LOOP;
END
$truncate$;
