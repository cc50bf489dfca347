-- Lets a role read a table through its masked view only (creating the view if needed).
-- Refused while the role can still read a masked column in clear some other way
-- (privacy.clear_paths: a grant on the table, ownership, another view, superuser): the
-- application's owner revokes that first, as the hint says. Reclassifications keep the
-- grant: the view is regenerated and granted again.
CREATE OR REPLACE FUNCTION privacy.grant_masked(tbl regclass, reader name)
RETURNS regclass
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.grant_masked';
    paths text;
BEGIN
    IF reader IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = reader) THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('%s: role %s does not exist', caller, COALESCE(pg_catalog.quote_ident(reader), 'NULL'));
    END IF;
    IF reader LIKE 'governance\_%' OR reader LIKE 'pg\_%' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %I is a role of pg-governance or PostgreSQL, not a reader', caller, reader),
            HINT = 'Grant masked access to a role of your own (every member of it reads masked).';
    END IF;
    PERFORM privacy.require_user_table(caller, tbl);
    paths := (SELECT pg_catalog.string_agg(p, '; ') FROM privacy.clear_paths(tbl, reader) p
               WHERE p NOT LIKE '%SECURITY DEFINER%');
    IF paths IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: %I would still read %s in clear: %s', caller, reader, tbl, paths),
            HINT = 'As the table''s owner, revoke what is named (a masked reader must have no privilege on the table), then grant again.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM privacy.masked_views v WHERE v.table_name = tbl) THEN
        PERFORM privacy.generate_masked_view(tbl);
    END IF;
    INSERT INTO privacy.masked_readers (table_name, role_name, granted_by)
    VALUES (tbl, reader, governance.current_actor())
    ON CONFLICT (table_name, role_name) DO NOTHING;
    RETURN privacy.generate_masked_view(tbl);
END
$$;

COMMENT ON FUNCTION privacy.grant_masked(regclass, name) IS
    'Grants a role SELECT on the masked view of a table (created if needed); refused while the role can read the masked columns in clear another way';

GRANT EXECUTE ON FUNCTION privacy.grant_masked(regclass, name) TO governance_admin, governance_dpo;
