-- Takes a role's masked access to a table away (its SELECT on the masked view; the
-- pseudonym functions too once it reads no masked view).
CREATE OR REPLACE FUNCTION privacy.revoke_masked(tbl regclass, reader name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    v record;
BEGIN
    DELETE FROM privacy.masked_readers r WHERE r.table_name = tbl AND r.role_name = reader;
    IF NOT FOUND OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles x WHERE x.rolname = reader) THEN
        RETURN;
    END IF;
    SELECT mv.view_schema, mv.view_name INTO v FROM privacy.masked_views mv WHERE mv.table_name = tbl;
    IF pg_catalog.to_regclass(pg_catalog.format('%I.%I', v.view_schema, v.view_name)) IS NOT NULL THEN
        EXECUTE pg_catalog.format('REVOKE ALL ON %I.%I FROM %I', v.view_schema, v.view_name, reader);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM privacy.masked_readers r WHERE r.role_name = reader) THEN
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION privacy.pseudonym(text, text), '
                                  'privacy.pseudonym(bigint, integer) FROM %I', reader);
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.revoke_masked(regclass, name) IS
    'Revokes a role''s SELECT on the masked view of a table';

GRANT EXECUTE ON FUNCTION privacy.revoke_masked(regclass, name) TO governance_admin, governance_dpo;
