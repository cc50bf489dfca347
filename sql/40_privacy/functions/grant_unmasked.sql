-- Entitles a role (and its members) to read a category in clear through the masked views;
-- the views are regenerated at once. Revoked with privacy.revoke_unmasked.
CREATE OR REPLACE FUNCTION privacy.grant_unmasked(reader name, category text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF reader IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = reader) THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('privacy.grant_unmasked: role %s does not exist', COALESCE(pg_catalog.quote_ident(reader), 'NULL'));
    END IF;
    IF category IS NULL OR NOT EXISTS (SELECT 1 FROM governance.data_categories c WHERE c.name = grant_unmasked.category) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.grant_unmasked: unknown category %L', category),
            HINT = 'Categories are listed in governance.data_categories.';
    END IF;
    INSERT INTO privacy.unmasked_categories (role_name, category, granted_by)
    VALUES (reader, category, governance.current_actor())
    ON CONFLICT ON CONSTRAINT unmasked_categories_pkey DO NOTHING;
    PERFORM privacy.refresh_masked_views();
END
$$;

COMMENT ON FUNCTION privacy.grant_unmasked(name, text) IS
    'Entitles a role and its members to read a category in clear through the masked views (regenerated at once)';

GRANT EXECUTE ON FUNCTION privacy.grant_unmasked(name, text) TO governance_admin, governance_dpo;

CREATE OR REPLACE FUNCTION privacy.revoke_unmasked(reader name, category text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    DELETE FROM privacy.unmasked_categories u WHERE u.role_name = reader AND u.category = revoke_unmasked.category;
    PERFORM privacy.refresh_masked_views();
END
$$;

COMMENT ON FUNCTION privacy.revoke_unmasked(name, text) IS
    'Removes a role''s entitlement to read a category in clear through the masked views (regenerated at once)';

GRANT EXECUTE ON FUNCTION privacy.revoke_unmasked(name, text) TO governance_admin, governance_dpo;
