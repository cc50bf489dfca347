CREATE OR REPLACE FUNCTION audit.log_event(
    event_type    text,
    action        text DEFAULT NULL,
    resource_type text DEFAULT NULL,
    resource_id   text DEFAULT NULL,
    details       jsonb DEFAULT NULL,
    success       boolean DEFAULT true,
    duration_ms   integer DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT audit.append_event(audit.link_floor(pg_catalog.txid_current()), NULL, event_type, action, resource_type, resource_id,
                              details, success, duration_ms)
$$;

COMMENT ON FUNCTION audit.log_event(text, text, text, text, jsonb, boolean, integer) IS
    'Records an application event (login, prediction, export, denial) in audit.events, in the caller''s transaction; returns its id';

GRANT EXECUTE ON FUNCTION audit.log_event(text, text, text, text, jsonb, boolean, integer)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
