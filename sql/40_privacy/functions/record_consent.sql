-- Appends one decision. Evidence is what proves it (GDPR Art. 7(1)): source, ip,
-- user_agent, policy_text_hash, or anything else the application captured.
CREATE OR REPLACE FUNCTION privacy.record_consent(
    subject_key text, purpose text, granted boolean,
    policy_version text DEFAULT NULL, evidence jsonb DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.record_consent';
    version text := policy_version;
    superseded timestamptz;
    new_id bigint;
BEGIN
    -- One form per subject (governance.subject_key): 'CUST-7 ' and 'cust-7' are one key.
    subject_key := governance.subject_key(subject_key);
    PERFORM privacy.require_nonempty(caller, 'subject_key', subject_key);
    IF granted IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: granted must be true or false', caller);
    END IF;
    IF version IS NULL THEN
        SELECT p.policy_version INTO version FROM privacy.purposes p WHERE p.name = record_consent.purpose;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('%s: unknown purpose %L', caller, purpose),
                HINT = 'Purposes are registered with privacy.register_purpose.';
        END IF;
    ELSE
        SELECT v.superseded_at INTO superseded FROM privacy.purpose_versions v
         WHERE v.purpose = record_consent.purpose AND v.policy_version = version;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('%s: purpose %L has no policy version %L', caller, purpose, version),
                HINT = 'Purposes and their policy versions are registered with privacy.register_purpose.';
        END IF;
        -- Such a grant would never count and, being the latest decision, would cancel a
        -- valid consent under the current version. A refusal counts whatever its version.
        IF granted AND superseded IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('%s: policy version %L of purpose %L was superseded; a consent to it no longer counts',
                                            caller, version, purpose),
                HINT = pg_catalog.format('Ask for consent to the current version (%s) and record it under that version, or leave policy_version out.',
                                         (SELECT p.policy_version FROM privacy.purposes p WHERE p.name = record_consent.purpose));
        END IF;
    END IF;
    IF evidence IS NOT NULL AND pg_catalog.jsonb_typeof(evidence) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: evidence must be a JSON object, not %s', caller, pg_catalog.jsonb_typeof(evidence));
    END IF;
    IF evidence ? 'ip' AND pg_catalog.jsonb_typeof(evidence->'ip') <> 'null' THEN
        BEGIN
            PERFORM (evidence->>'ip')::inet;
        EXCEPTION WHEN invalid_text_representation THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('%s: evidence ip %L is not an IP address', caller, evidence->>'ip');
        END;
    END IF;

    -- Decisions of one subject on one purpose are serialised, so that the highest id is
    -- also the last committed decision: "latest decision wins" cannot be inverted by two
    -- concurrent transactions.
    PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(subject_key || E'\x1f' || purpose, 20));
    INSERT INTO privacy.consent_records (subject_key, purpose, granted, policy_version, evidence, recorded_by)
    VALUES (subject_key, purpose, granted, version, evidence, governance.current_actor())
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.record_consent(text, text, boolean, text, jsonb) IS
    'Records a consent decision (granted or refused) of a subject for a purpose under a policy version, with evidence; returns its id';

GRANT EXECUTE ON FUNCTION privacy.record_consent(text, text, boolean, text, jsonb)
    TO governance_admin, governance_dpo, governance_app;
