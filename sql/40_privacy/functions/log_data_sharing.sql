-- Records a disclosure of personal information to a third party, before it happens. A
-- sale after the subject opted out is refused: the caller gets an error and must not
-- disclose. The refusal cannot be a row of this database, since the error rolls back the
-- caller's transaction, so it goes to the server log (RAISE LOG, kept whatever the
-- caller does next) naming the opt-out row instead of the subject, the third party and
-- the categories.
CREATE OR REPLACE FUNCTION privacy.log_data_sharing(
    subject_key text, third_party text, categories text[], purpose text, is_sale boolean)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.log_data_sharing';
    new_id bigint;
    opt_out bigint;
BEGIN
    -- One form per subject (governance.subject_key): 'CUST-7 ' and 'cust-7' are one key, for the opt-out
    -- check as for the record.
    subject_key := governance.subject_key(subject_key);
    PERFORM privacy.require_nonempty(caller, 'subject_key', subject_key);
    PERFORM privacy.require_nonempty(caller, 'third_party', third_party);
    PERFORM privacy.require_nonempty(caller, 'purpose', purpose);
    IF is_sale IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: is_sale must be true or false', caller);
    END IF;
    IF pg_catalog.cardinality(categories) IS DISTINCT FROM pg_catalog.cardinality(pg_catalog.array_remove(categories, NULL))
       OR COALESCE(pg_catalog.cardinality(categories), 0) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: categories must be a non-empty array without NULLs', caller);
    END IF;

    SELECT pg_catalog.max(o.id) INTO opt_out
      FROM privacy.opt_outs o WHERE o.subject_key = log_data_sharing.subject_key AND o.kind = 'sale';
    IF is_sale AND opt_out IS NOT NULL THEN
        RAISE LOG 'privacy.log_data_sharing refused: sale to % of % for % by % after opt-out %',
            pg_catalog.quote_literal(third_party), categories, pg_catalog.quote_literal(purpose),
            pg_catalog.quote_literal(governance.current_actor()), opt_out;
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: the subject opted out of sale; selling to %s is refused', caller, third_party),
            HINT = 'CCPA 1798.120: do not sell or share this subject''s personal information. The refusal was logged.';
    END IF;

    INSERT INTO privacy.data_sharing (subject_key, third_party, categories, purpose, is_sale, shared_by)
    VALUES (subject_key, third_party, categories, purpose, is_sale, governance.current_actor())
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION privacy.log_data_sharing(text, text, text[], text, boolean) IS
    'Records a disclosure of personal information to a third party; a sale after opt-out is refused (42501) and logged';

GRANT EXECUTE ON FUNCTION privacy.log_data_sharing(text, text, text[], text, boolean)
    TO governance_admin, governance_dpo, governance_app;
