-- After a material change of the policy, consent given under earlier versions no longer
-- counts (GDPR Art. 7: consent is specific to what the subject was told).
CREATE OR REPLACE FUNCTION privacy.require_reconsent(purpose text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    current_version text;
    superseded integer;
BEGIN
    SELECT p.policy_version INTO current_version FROM privacy.purposes p WHERE p.name = require_reconsent.purpose;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.require_reconsent: unknown purpose %L', purpose),
            HINT = 'Purposes are registered with privacy.register_purpose.';
    END IF;
    UPDATE privacy.purpose_versions v SET superseded_at = pg_catalog.now()
     WHERE v.purpose = require_reconsent.purpose AND v.policy_version <> current_version
       AND v.superseded_at IS NULL;
    GET DIAGNOSTICS superseded = ROW_COUNT;
    RETURN superseded;
END
$$;

COMMENT ON FUNCTION privacy.require_reconsent(text) IS
    'Declares consents given under earlier policy versions of a purpose insufficient; returns how many versions were superseded';

GRANT EXECUTE ON FUNCTION privacy.require_reconsent(text) TO governance_admin, governance_dpo;
