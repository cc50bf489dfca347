-- encrypt_column, reencrypt and encryption_backlog read and rewrite a table as
-- pg-governance's owner, which must therefore be a member of the table's owner
-- (governance.require_owner_rights), and must see every row. When row-level security
-- applies to it (FORCE ROW LEVEL SECURITY, which tenant isolation sets, binds a table's
-- owner and its members) they would see some rows, or none: encrypt_column would then drop
-- the plaintext column with the values it never saw, reencrypt would leave rows on old key
-- versions and say it was done, the backlog would read 0. So they refuse (55000: the
-- table's state is in the way, not a privilege of the caller). There is no way around row
-- security for a role that is neither superuser nor BYPASSRLS; the owner lifts FORCE for
-- the conversion (other roles stay isolated: only the owner and its members stop being so).
CREATE OR REPLACE FUNCTION governance.encryption_require_every_row(fn text, tbl regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM governance.require_owner_rights(fn, tbl);
    IF pg_catalog.row_security_active(tbl) THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('%s: row-level security hides rows of %s from pg-governance''s owner %I: '
                                        'they would be missed', fn, tbl, CURRENT_USER),
            HINT = pg_catalog.format('As the table''s owner, ALTER TABLE %s NO FORCE ROW LEVEL SECURITY; for the conversion '
                                     'and ALTER TABLE %s FORCE ROW LEVEL SECURITY; after it.', tbl, tbl);
    END IF;
END
$$;

COMMENT ON FUNCTION governance.encryption_require_every_row(text, regclass) IS
    'Internal: refuses a table pg-governance''s owner may not alter or whose rows row-level security hides from it (encrypt_column, reencrypt, backlog)';
