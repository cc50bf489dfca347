-- Reads an audited table's metadata (primary key, restricted columns from the catalog)
-- and re-creates its change triggers with that metadata as arguments. Called by
-- audit.enable, by the trigger on governance.classifications when a classification
-- changes, and by hand after ALTER TABLE changes the key or the name, or partitions are
-- added.
CREATE OR REPLACE FUNCTION audit.refresh(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    config   audit.tables;
    capture  record;
    members  regclass[];
    replace_in_place boolean;
BEGIN
    UPDATE audit.tables t
       SET table_name = audit.qualified_name(tbl),
           key_columns = ARRAY(
               SELECT a.attname::text
                 FROM pg_catalog.pg_index i
                 CROSS JOIN LATERAL pg_catalog.unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos)
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = tbl AND i.indisprimary
                ORDER BY k.pos),
           restricted_columns = ARRAY(
               SELECT cc.column_name::text FROM governance.classified_columns cc
                WHERE cc.relid = tbl AND cc.sensitivity = 'restricted'
                ORDER BY cc.column_name),
           refreshed_at = pg_catalog.now()
     WHERE t.relid = tbl
    RETURNING t.* INTO config;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('audit.refresh: table %s is not audited', tbl),
            HINT = 'Call audit.enable first.';
    END IF;

    -- The pack's owner usually holds only the TRIGGER privilege on application tables.
    -- That suffices to replace triggers in place (PostgreSQL 14+); dropping them needs the
    -- table's owner, so PostgreSQL 13 drops and re-creates only with the owner's rights,
    -- and only when they change: triggers already as they would be are left alone there
    -- (audit.enable again, refresh with nothing changed).
    members := ARRAY(SELECT tbl UNION SELECT p.relid FROM pg_catalog.pg_partition_tree(tbl) p);
    PERFORM governance.require_owner_privileges('audit.refresh', members, 'TRIGGER');
    replace_in_place := pg_catalog.current_setting('server_version_num')::integer >= 140000;
    IF NOT replace_in_place AND NOT EXISTS (
            SELECT 1 FROM pg_catalog.unnest(members) m(relid)
              JOIN pg_catalog.pg_class r ON r.oid = m.relid
             CROSS JOIN (VALUES ('audit_insert', 'INSERT'), ('audit_update', 'UPDATE'), ('audit_delete', 'DELETE'),
                                ('audit_truncate', 'TRUNCATE')) AS c(trigger_name, event)
             WHERE (c.event <> 'TRUNCATE' OR r.relkind <> 'p')
               AND NOT EXISTS (
                   SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgrelid = m.relid AND t.tgname = c.trigger_name
                      AND t.tgfoid = 'audit.capture()'::pg_catalog.regprocedure
                      AND t.tgargs = (SELECT pg_catalog.string_agg(
                                                 pg_catalog.convert_to(a.arg, pg_catalog.current_setting('server_encoding'))
                                                 || '\x00'::bytea, ''::bytea ORDER BY a.n)
                                        FROM pg_catalog.unnest(ARRAY[config.table_name, config.key_columns::text,
                                                                     config.restricted_columns::text,
                                                                     config.excluded_columns::text])
                                             WITH ORDINALITY AS a(arg, n)))) THEN
        RETURN;
    END IF;
    IF NOT replace_in_place AND EXISTS (
            SELECT 1 FROM pg_catalog.pg_trigger t
             WHERE t.tgrelid = ANY (members)
               AND t.tgname IN ('audit_insert', 'audit_update', 'audit_delete', 'audit_truncate')) THEN
        PERFORM governance.require_owner_rights('audit.refresh', tbl, pg_catalog.format(
            'have its owner drop the triggers audit_insert, audit_update, audit_delete and audit_truncate of %s '
            '(and of its partitions), then call audit.refresh again.', tbl));
        PERFORM audit.drop_capture(tbl);
    END IF;

    -- Statements on the root fire only the root's statement triggers; statements aimed
    -- at a partition fire the partition's. Every member of the tree gets them, all
    -- recording the root's name. TRUNCATE is the exception: it fires the triggers of
    -- every table it empties, so only tables that hold rows get that one.
    FOR capture IN
        SELECT m.relid::regclass AS member, c.*
          FROM pg_catalog.unnest(members) m(relid)
          JOIN pg_catalog.pg_class r ON r.oid = m.relid
         CROSS JOIN (VALUES ('audit_insert', 'INSERT', 'REFERENCING NEW TABLE AS audit_new'),
                            ('audit_update', 'UPDATE', 'REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new'),
                            ('audit_delete', 'DELETE', 'REFERENCING OLD TABLE AS audit_old'),
                            ('audit_truncate', 'TRUNCATE', '')) AS c(trigger_name, event, transition)
         WHERE c.event <> 'TRUNCATE' OR r.relkind <> 'p'
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE %sTRIGGER %I AFTER %s ON %s %s FOR EACH STATEMENT EXECUTE FUNCTION audit.capture(%L, %L, %L, %L)',
            CASE WHEN replace_in_place THEN 'OR REPLACE ' ELSE '' END, capture.trigger_name, capture.event,
            capture.member, capture.transition,
            config.table_name, config.key_columns, config.restricted_columns, config.excluded_columns);
    END LOOP;
END
$$;

COMMENT ON FUNCTION audit.refresh(regclass) IS
    'Re-reads an audited table''s key and restricted columns and re-creates its change triggers (also after adding partitions)';

GRANT EXECUTE ON FUNCTION audit.refresh(regclass) TO governance_admin;
