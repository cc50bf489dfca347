-- Writes one audit.events row with the session's context and queues its sealing.
-- floor_id comes from audit.link_floor, called before event_id was drawn (NULL: draw it
-- here): audit.redact must know the id of its event before writing it.
CREATE OR REPLACE FUNCTION audit.append_event(
    floor_id bigint, event_id bigint, event_type text, action text, resource_type text, resource_id text,
    details jsonb, success boolean, duration_ms integer)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    tx bigint := pg_catalog.txid_current();
BEGIN
    IF event_type IS NULL OR pg_catalog.btrim(event_type) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'audit.log_event: event_type is required';
    END IF;
    IF success IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'audit.log_event: success must be true or false';
    END IF;
    IF duration_ms < 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.log_event: duration_ms must not be negative (got %s)', duration_ms);
    END IF;

    INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, tenant, client_addr, application_name,
                              event_type, action, resource_type, resource_id, details, success, duration_ms)
    SELECT COALESCE(event_id, pg_catalog.nextval('audit.ids')), pg_catalog.clock_timestamp(), tx,
           COALESCE(c.actor, SESSION_USER::pg_catalog.text), SESSION_USER, c.tenant, pg_catalog.inet_client_addr(),
           pg_catalog.current_setting('application_name'),
           event_type, action, resource_type, resource_id, details, success, duration_ms
      FROM governance.session_context() c  -- one seal check for actor and tenant
    RETURNING id INTO event_id;
    PERFORM audit.open_link(tx, floor_id);
    RETURN event_id;
END
$$;

COMMENT ON FUNCTION audit.append_event(bigint, bigint, text, text, text, text, jsonb, boolean, integer) IS
    'Internal: writes an audit event';
