-- Event types beginning with "audit." are the pack's own records (audit.enable,
-- audit.purge, audit.redaction, ...): an auditor reads them as what the pack did, and
-- verify_chain trusts audit.redaction events, so nobody else may write one.
CREATE OR REPLACE FUNCTION audit.log_event(
    event_type    text,
    action        text DEFAULT NULL,
    resource_type text DEFAULT NULL,
    resource_id   text DEFAULT NULL,
    details       jsonb DEFAULT NULL,
    success       boolean DEFAULT true,
    duration_ms   integer DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF pg_catalog.starts_with(pg_catalog.lower(pg_catalog.btrim(event_type)), 'audit.') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('audit.log_event: event type %L is reserved: types beginning with "audit." are recorded by pg-governance itself',
                                        event_type),
            HINT = 'Name application events by what happened: login, model_prediction, export, ...';
    END IF;
    -- Every event is kept (and hashed into the chain) for years: its details are bounded.
    PERFORM governance.require_within_limit('audit.log_event', 'the details'' size in bytes',
                                            pg_catalog.pg_column_size(details), 'document_bytes');
    RETURN audit.record_event(event_type, action, resource_type, resource_id, details, success, duration_ms);
END
$$;

COMMENT ON FUNCTION audit.log_event(text, text, text, text, jsonb, boolean, integer) IS
    'Records an application event (login, prediction, export, denial) in audit.events, in the caller''s transaction; returns its id';

GRANT EXECUTE ON FUNCTION audit.log_event(text, text, text, text, jsonb, boolean, integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
