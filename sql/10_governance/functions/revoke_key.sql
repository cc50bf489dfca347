CREATE OR REPLACE FUNCTION governance.revoke_key(
    key_name text, grantee regrole, privileges text[] DEFAULT ARRAY['encrypt', 'decrypt'])
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    k_id    integer := governance.encryption_key_id('governance.revoke_key', key_name);
    removed integer;
BEGIN
    DELETE FROM governance.key_grants g
     WHERE g.key_id = k_id AND g.privilege = ANY (privileges)
       AND g.grantee = (SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = revoke_key.grantee);
    GET DIAGNOSTICS removed = ROW_COUNT;
    -- Keys this transaction already unwrapped for anyone must be re-authorised.
    IF governance.encryption_keyring(false) THEN
        DELETE FROM pg_temp.governance_unlocked_keys kr WHERE kr.key_id = k_id;
    END IF;
    RETURN removed > 0;
END
$$;

COMMENT ON FUNCTION governance.revoke_key(text, regrole, text[]) IS
    'Withdraws a role''s encrypt and/or decrypt privilege on a key; true when one was removed';

GRANT EXECUTE ON FUNCTION governance.revoke_key(text, regrole, text[]) TO governance_admin;
