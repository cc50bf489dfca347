-- The table privileges an access permission stands for, when its resource_type names a
-- table or view of this database: SQL privilege names as they are, read as SELECT,
-- write as INSERT, UPDATE and DELETE, '*' as all of them. Other permissions have no
-- native equivalent and stay enforced by access.check_permission only.
-- Application tables only: the model is written by governance_admin but its GRANTs run
-- with the rights of whoever syncs (often a superuser), so a permission naming a system
-- catalog (pg_authid's password hashes) or a governance table (SQL the pack runs with its
-- owner's rights) maps to nothing.
CREATE OR REPLACE FUNCTION access.native_privileges(resource_type text, action text)
RETURNS TABLE (tbl regclass, privilege text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.oid::regclass, p
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace,
           pg_catalog.unnest(CASE pg_catalog.lower(action)
               WHEN 'read' THEN ARRAY['SELECT']
               WHEN 'write' THEN ARRAY['INSERT', 'UPDATE', 'DELETE']
               WHEN '*' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']
               ELSE ARRAY[pg_catalog.upper(action)] END) p
     WHERE p IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
       AND resource_type <> '*'
       AND c.oid = pg_catalog.to_regclass(resource_type)
       AND n.nspname NOT LIKE 'pg\_%'
       AND n.nspname <> 'information_schema' AND n.nspname <> ALL (governance.pack_schemas())
$$;

COMMENT ON FUNCTION access.native_privileges(text, text) IS
    'The table privileges an access permission maps to (what access.sync_native_roles grants, with its caller''s rights); nothing for permissions on anything but an application table';

GRANT EXECUTE ON FUNCTION access.native_privileges(text, text) TO governance_admin;
