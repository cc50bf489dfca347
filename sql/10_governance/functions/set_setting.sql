-- Sets one of the pack's per-database settings (governance.settings), the step that used
-- to be ALTER DATABASE ... SET pg_governance.x and needed a superuser. NULL restores the
-- default. Only settings the pack defines exist: a typo is refused, not stored.
CREATE OR REPLACE FUNCTION governance.set_setting(setting_name text, setting_value text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    known text[];
BEGIN
    UPDATE governance.settings s SET value = NULLIF(setting_value, '') WHERE s.name = setting_name;
    IF NOT FOUND THEN
        SELECT pg_catalog.array_agg(s.name ORDER BY s.name) INTO known FROM governance.settings s;
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.set_setting: no setting %L', setting_name),
            HINT = pg_catalog.format('The settings are: %s.', pg_catalog.array_to_string(known, ', '));
    END IF;
    RETURN NULLIF(setting_value, '');
END
$$;

COMMENT ON FUNCTION governance.set_setting(text, text) IS
    'Sets a per-database setting of governance.settings (NULL: the default); governance_admin, no superuser needed';

GRANT EXECUTE ON FUNCTION governance.set_setting(text, text) TO governance_admin;
