-- (Re)creates <table>_decrypted next to a table: every column in the table's order (an
-- encrypted column where its plaintext stood), encrypted columns decrypted back to their
-- original type. On PostgreSQL 15+ the view runs with the reader's privileges
-- (security_invoker), so the table's grants and RLS still apply; decrypt checks the
-- reader's key grant in any version. Roles that may SELECT the table may SELECT the view;
-- it belongs to the table's owner. Returns the view's name. encrypt_column drops the
-- table's own view first, so a relation of that name is someone else's (or the view of
-- another table whose long name starts the same): it is never replaced, which would hand
-- its grants this table's decrypted rows.
CREATE OR REPLACE FUNCTION governance.encryption_refresh_view(tbl regclass)
RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    rel       record;
    view_name text;
    columns   text;
    grantee   text;
BEGIN
    SELECT c.relname, n.nspname, c.relnamespace, c.relowner, c.relacl INTO rel
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl;
    view_name := pg_catalog.left(rel.relname, 53) || '_decrypted';
    SELECT pg_catalog.string_agg(
               CASE WHEN ec.id IS NULL THEN pg_catalog.format('t.%I', a.attname)
                    WHEN ec.original_type = 'bytea'
                    THEN pg_catalog.format('governance.decrypt_bytea(t.%I, %s) AS %I', a.attname,
                             governance.encryption_context_sql(ec.id, governance.encryption_primary_key('governance.encrypt_column', tbl)), a.attname)
                    ELSE pg_catalog.format('governance.decrypt(t.%I, %s)::%s AS %I', a.attname,
                             governance.encryption_context_sql(ec.id, governance.encryption_primary_key('governance.encrypt_column', tbl)),
                             ec.original_type, a.attname) END,
               ', ' ORDER BY COALESCE(ec.original_position, a.attnum))
      INTO columns
      FROM pg_catalog.pg_attribute a
      LEFT JOIN governance.encrypted_columns ec
             ON ec.table_name = tbl AND ec.column_name = a.attname AND ec.state = 'encrypted'
     WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped;

    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', rel.nspname, view_name)) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_table',
            MESSAGE = pg_catalog.format('governance.encrypt_column: %I.%I exists and is not the decrypted view of %s',
                                        rel.nspname, view_name, tbl),
            HINT = 'Rename or drop that relation, then call encrypt_column again to finish.';
    END IF;
    EXECUTE pg_catalog.format('CREATE VIEW %I.%I %s AS SELECT %s FROM %s t',
        rel.nspname, view_name,
        CASE WHEN pg_catalog.current_setting('server_version_num')::integer >= 150000
             THEN 'WITH (security_invoker = true)' ELSE '' END,
        columns, tbl);
    -- The view lives in the application's schema, next to its table: it belongs to the
    -- table's owner (whose migrations GRANT ... ON ALL TABLES IN SCHEMA, which fails on a
    -- relation there that they do not own), when that role may own objects in the schema.
    -- encrypt_column checked that we are a member of it.
    IF rel.relowner <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER)
       AND pg_catalog.has_schema_privilege(rel.relowner, rel.relnamespace, 'CREATE') THEN
        EXECUTE pg_catalog.format('ALTER VIEW %I.%I OWNER TO %I', rel.nspname, view_name,
                                  pg_catalog.pg_get_userbyid(rel.relowner));
    END IF;
    FOR grantee IN
        SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(r.rolname) END
          FROM pg_catalog.aclexplode(rel.relacl) acl
          LEFT JOIN pg_catalog.pg_roles r ON r.oid = acl.grantee
         WHERE acl.privilege_type = 'SELECT' AND acl.grantee <> rel.relowner
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT ON %I.%I TO %s', rel.nspname, view_name, grantee);
    END LOOP;
    RETURN pg_catalog.format('%I.%I', rel.nspname, view_name);
END
$$;

COMMENT ON FUNCTION governance.encryption_refresh_view(regclass) IS
    'Internal: the decrypted view of a table with encrypted columns';
