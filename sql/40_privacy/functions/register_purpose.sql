-- Registers a purpose, or moves it to a new policy version. Consents given under the
-- previous version keep counting until privacy.require_reconsent says otherwise: most
-- policy edits do not change what the subject agreed to.
CREATE OR REPLACE FUNCTION privacy.register_purpose(
    name text, description text, lawful_basis text, policy_version text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.register_purpose';
BEGIN
    PERFORM privacy.require_nonempty(caller, 'name', name);
    PERFORM privacy.require_nonempty(caller, 'description', description);
    PERFORM privacy.require_nonempty(caller, 'policy_version', policy_version);
    IF name !~ '^[a-z][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: purpose name %L is not valid', caller, name),
            HINT = 'Use lower-case letters, digits and underscores, starting with a letter, at most 40 characters.';
    END IF;
    IF lawful_basis IS NULL OR lawful_basis NOT IN ('consent', 'contract', 'legal_obligation', 'vital_interests',
                                                    'public_task', 'legitimate_interests') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown lawful basis %L', caller, lawful_basis),
            HINT = 'GDPR Art. 6(1): consent, contract, legal_obligation, vital_interests, public_task, legitimate_interests.';
    END IF;

    INSERT INTO privacy.purposes AS p (name, description, lawful_basis, policy_version, registered_by)
    VALUES (register_purpose.name, register_purpose.description, register_purpose.lawful_basis,
            register_purpose.policy_version, governance.current_actor())
    ON CONFLICT ON CONSTRAINT purposes_pkey DO UPDATE
       SET description = EXCLUDED.description, lawful_basis = EXCLUDED.lawful_basis,
           policy_version = EXCLUDED.policy_version;
    INSERT INTO privacy.purpose_versions (purpose, policy_version)
    VALUES (register_purpose.name, register_purpose.policy_version)
    ON CONFLICT DO NOTHING;
END
$$;

COMMENT ON FUNCTION privacy.register_purpose(text, text, text, text) IS
    'Registers a purpose of processing with its lawful basis (GDPR Art. 6) and current policy version, or updates it';

GRANT EXECUTE ON FUNCTION privacy.register_purpose(text, text, text, text) TO governance_admin, governance_dpo;
