-- Part of every erasure (privacy.gdpr_forget calls it through unlink_subject_records, in
-- its transaction, with the keyed hash it records), and never granted on its own: called
-- alone for a subject who was not erased, it lifted the subject's opt-outs of sale with
-- nothing to say why. The workflow records that named the subject keep what they prove
-- (that consent was given or withdrawn and when, under which policy; that requests were
-- answered; what was disclosed to whom; who read which PHI) but no longer name the
-- person: the key is replaced by 'erased:' and the keyed hash privacy.gdpr_forget
-- recorded, and the IP address and user agent are dropped from the evidence. Whoever
-- holds the key again (the subject proving a past consent) can be matched through the
-- hash; nobody can go from the hash back to the person. The triggers of these tables
-- allow exactly this change and no other.
CREATE OR REPLACE FUNCTION privacy.pseudonymize_subject(subject_key text, subject_hash text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'privacy.pseudonymize_subject';
    pseudonym text := 'erased:' || subject_hash;
    counts jsonb := '{}';
    history record;
    n bigint;
BEGIN
    PERFORM privacy.require_nonempty(caller, 'subject_key', subject_key);
    IF subject_hash IS NULL OR subject_hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: subject_hash must be 64 hex digits (the hash privacy.gdpr_forget returns)', caller);
    END IF;

    FOR history IN SELECT * FROM privacy.subject_records() LOOP
        EXECUTE pg_catalog.format('UPDATE privacy.%I r SET %I = $2%s WHERE %s = governance.subject_key($1)',
                                  history.table_name, history.subject_column,
                                  CASE WHEN history.has_evidence THEN ', evidence = evidence - ''ip'' - ''user_agent''' ELSE '' END,
                                  history.stored_key)
          USING subject_key, pseudonym;
        GET DIAGNOSTICS n = ROW_COUNT;
        counts := counts || pg_catalog.jsonb_build_object(history.table_name, n);
    END LOOP;
    RETURN counts;
END
$$;

COMMENT ON FUNCTION privacy.pseudonymize_subject(text, text) IS
    'Internal: replaces an erased subject''s key by erased:<keyed hash> in consent, request, opt-out, sharing and PHI-access records, dropping IP and user agent from the evidence';

-- Earlier releases granted it to governance_admin and governance_dpo.
REVOKE EXECUTE ON FUNCTION privacy.pseudonymize_subject(text, text) FROM governance_admin, governance_dpo;
