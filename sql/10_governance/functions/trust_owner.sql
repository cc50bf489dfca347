-- The pack's owner declares that it runs the code of an application owner: the tables,
-- policies, triggers and functions that role owns. Not granted to any governance role:
-- a role that could trust itself could make pg-governance's owner run its code.
CREATE OR REPLACE FUNCTION governance.trust_owner(role regrole)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pack_owner oid := (SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = 'governance');
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'governance.trust_owner: the role is required';
    END IF;
    IF NOT pg_catalog.pg_has_role(CURRENT_USER, pack_owner, 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('governance.trust_owner: only pg-governance''s owner %I decides whose code it runs',
                                        pg_catalog.pg_get_userbyid(pack_owner));
    END IF;
    -- Their members are the less trusted logins by design (a DPO, the application), and
    -- the predefined roles' members are whoever holds pg_write_all_data & co.
    IF role::text IN ('governance_admin', 'governance_dpo', 'governance_auditor', 'governance_app')
       OR role::oid < 16384 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.trust_owner: %s cannot be trusted: its members are not', role),
            HINT = 'Trust the role that owns the application''s tables (the role its migrations run as).';
    END IF;
    INSERT INTO governance.trusted_owners AS t (role_oid, role_name)
    VALUES (role, (SELECT r.rolname FROM pg_catalog.pg_roles r WHERE r.oid = role))
    ON CONFLICT (role_oid) DO UPDATE SET role_name = EXCLUDED.role_name, trusted_by = EXCLUDED.trusted_by,
                                         trusted_at = EXCLUDED.trusted_at;
END
$$;

COMMENT ON FUNCTION governance.trust_owner(regrole) IS
    'Owner only: pg-governance''s definer functions may act on tables (and run the code) owned by this role';
