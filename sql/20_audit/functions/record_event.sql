-- An event in audit.events, with no check of its type: the pack's own functions record
-- their 'audit.*' events through this (enable, disable, purge, configure_pgaudit), which
-- audit.log_event refuses to anyone else. Not granted to any role.
CREATE OR REPLACE FUNCTION audit.record_event(
    event_type    text,
    action        text DEFAULT NULL,
    resource_type text DEFAULT NULL,
    resource_id   text DEFAULT NULL,
    details       jsonb DEFAULT NULL,
    success       boolean DEFAULT true,
    duration_ms   integer DEFAULT NULL)
RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
    SELECT audit.append_event(audit.link_floor(pg_catalog.txid_current()), NULL, event_type, action, resource_type, resource_id,
                              details, success, duration_ms)
$$;

COMMENT ON FUNCTION audit.record_event(text, text, text, text, jsonb, boolean, integer) IS
    'Internal: records an event of any type, the pack''s own audit.* events included';
