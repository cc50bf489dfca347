CREATE OR REPLACE FUNCTION governance.grant_key(
    key_name text, grantee regrole, privileges text[] DEFAULT ARRAY['encrypt', 'decrypt'])
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    k_id integer := governance.encryption_key_id('governance.grant_key', key_name);
BEGIN
    IF grantee IS NULL OR privileges IS NULL OR pg_catalog.cardinality(privileges) = 0
       OR NOT privileges <@ ARRAY['encrypt', 'decrypt'] THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'governance.grant_key: a role and privileges among encrypt, decrypt are required';
    END IF;
    INSERT INTO governance.key_grants (key_id, grantee, privilege, granted_by)
    SELECT k_id, r.rolname, p, governance.current_actor()
      FROM pg_catalog.pg_roles r, pg_catalog.unnest(privileges) p
     WHERE r.oid = grantee
    ON CONFLICT DO NOTHING;
END
$$;

COMMENT ON FUNCTION governance.grant_key(text, regrole, text[]) IS
    'Lets a role (and its members) encrypt and/or decrypt with a key';

GRANT EXECUTE ON FUNCTION governance.grant_key(text, regrole, text[]) TO governance_admin;
