-- Step one of an export (GDPR Art. 15/20): records the disclosure of a subject's data
-- (an audit event naming the subject by its keyed hash) and returns the grant that
-- privacy.gdpr_export(subject_key, subject_type) serves under once this transaction has
-- COMMITTED. The record is made before anything is read, so an exporter who rolls back
-- the export keeps no unrecorded copy. `pg-governance export`, the Python wrapper and
-- privacy.process_request's callers (access, portability) take this step first.
CREATE OR REPLACE FUNCTION privacy.request_export(subject_key text, subject_type text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.request_export';
    for_type text := privacy.require_subject_type(caller, subject_type);
    hashed text;
    grant_id bigint;
BEGIN
    PERFORM privacy.require_subject_key_type(caller, for_type, subject_key);
    -- A disclosure the export could not make is not recorded.
    PERFORM governance.require_owner_privileges(
        caller, ARRAY(SELECT t.table_name FROM privacy.subject_tables(for_type) t), 'SELECT');
    hashed := privacy.subject_hash(for_type, subject_key);
    INSERT INTO privacy.disclosure_grants (kind, expires_at, actor, subject_type, subject_hash)
    VALUES ('export', pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => governance.limit_value('disclosure_grant_seconds')),
            governance.current_actor(), for_type, hashed)
    RETURNING id INTO grant_id;
    IF privacy.capability_installed('audit.log_event(text,text,text,text,jsonb,boolean,integer)') THEN
        EXECUTE 'SELECT audit.log_event(''privacy'', ''gdpr_export'', $1, $2, $3)'
          USING for_type, hashed, pg_catalog.jsonb_build_object('grant', grant_id);
    END IF;
    RETURN grant_id;
END
$$;

COMMENT ON FUNCTION privacy.request_export(text, text) IS
    'Records the export of a data subject''s data (audit event, grant) and returns the grant privacy.gdpr_export serves under once committed';

GRANT EXECUTE ON FUNCTION privacy.request_export(text, text) TO governance_admin, governance_dpo;
