-- Filters rows by the ABAC decision of the current actor on each row, the row being the
-- resource <id_column> of type resource_type. Statements map to actions: SELECT read,
-- INSERT insert, UPDATE update, DELETE delete. This costs one decision per row read:
-- combine it with selective indexes or tenant isolation on large tables. Partitions get
-- the policies too (access.set_rls_policy).
-- SECURITY INVOKER: only the table's owner may change its RLS.
CREATE OR REPLACE FUNCTION access.enable_policy_rls(tbl regclass, resource_type text, id_column name)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    command text;
    action  text;
    check_sql text;
BEGIN
    PERFORM governance.require_local_table('access.enable_policy_rls', tbl, 'row security');
    PERFORM governance.require_column('access.enable_policy_rls', tbl, id_column);
    IF pg_catalog.btrim(COALESCE(resource_type, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'access.enable_policy_rls: resource_type must be a non-empty string';
    END IF;
    FOREACH command IN ARRAY ARRAY['select', 'insert', 'update', 'delete'] LOOP
        action := CASE command WHEN 'select' THEN 'read' ELSE command END;
        check_sql := pg_catalog.format('access.decision((SELECT governance.current_actor()), %I::text, %L, %L)',
                                       id_column, action, resource_type);
        PERFORM access.set_rls_policy(tbl, 'governance_abac_' || command, pg_catalog.format('AS RESTRICTIVE FOR %s %s',
            command,
            CASE command WHEN 'insert' THEN pg_catalog.format('WITH CHECK (%s)', check_sql)
                         WHEN 'update' THEN pg_catalog.format('USING (%s) WITH CHECK (%s)', check_sql, check_sql)
                         ELSE pg_catalog.format('USING (%s)', check_sql) END));
    END LOOP;
END
$$;

COMMENT ON FUNCTION access.enable_policy_rls(regclass, text, name) IS
    'RLS: rows are visible (read) and writable (insert, update, delete) when access.evaluate allows the current actor on the row''s resource id';

GRANT EXECUTE ON FUNCTION access.enable_policy_rls(regclass, text, name) TO governance_admin;
