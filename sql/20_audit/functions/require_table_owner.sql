-- Dropping a trigger needs the table's owner (the TRIGGER privilege only lets one create
-- triggers, and replace them on PostgreSQL 14+). The pack's owner usually holds just
-- that on application tables, so removing the change triggers is refused, clearly and
-- before anything changed, unless it owns every member of the table's tree or is a
-- member of the owning role.
CREATE OR REPLACE FUNCTION audit.require_table_owner(caller text, tbl regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    foreign_owner name;
BEGIN
    SELECT r.rolname INTO foreign_owner
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner
     WHERE c.oid IN (SELECT tbl UNION SELECT p.relid FROM pg_catalog.pg_partition_tree(tbl) p)
       AND NOT pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')
     LIMIT 1;
    IF foreign_owner IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: removing the audit triggers of %s needs the rights of its owner %I, '
                                        'which pg-governance''s owner %I does not have', caller, tbl, foreign_owner, current_user),
            HINT = pg_catalog.format('Either GRANT %I TO %I, or as %I drop the triggers audit_insert, audit_update, '
                                     'audit_delete and audit_truncate of %s (and of its partitions), then call %s again.',
                                     foreign_owner, current_user, foreign_owner, tbl, caller);
    END IF;
END
$$;

COMMENT ON FUNCTION audit.require_table_owner(text, regclass) IS
    'internal: raises 42501 unless the pack''s owner has the owner''s rights on every member of the table''s tree (needed to drop triggers)';
