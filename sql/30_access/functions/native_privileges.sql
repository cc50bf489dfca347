-- The table privileges an access permission stands for, when its resource_type names a
-- table or view of this database: SQL privilege names as they are, read as SELECT,
-- write as INSERT, UPDATE and DELETE, '*' as all of them. Other permissions have no
-- native equivalent and stay enforced by access.check_permission only.
CREATE OR REPLACE FUNCTION access.native_privileges(resource_type text, action text)
RETURNS TABLE (tbl regclass, privilege text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.to_regclass(resource_type), p
      FROM pg_catalog.unnest(CASE pg_catalog.lower(action)
               WHEN 'read' THEN ARRAY['SELECT']
               WHEN 'write' THEN ARRAY['INSERT', 'UPDATE', 'DELETE']
               WHEN '*' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
               ELSE ARRAY[pg_catalog.upper(action)] END) p
     WHERE p IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
       AND resource_type <> '*'
       AND pg_catalog.to_regclass(resource_type) IS NOT NULL
$$;

COMMENT ON FUNCTION access.native_privileges(text, text) IS
    'Internal: the table privileges a permission maps to for access.sync_native_roles (which runs with its caller''s rights, so its callers need this too)';

GRANT EXECUTE ON FUNCTION access.native_privileges(text, text) TO governance_admin;
