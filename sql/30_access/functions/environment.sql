-- The env.* attributes of a decision. Times are UTC and taken at the start of the
-- transaction (now()), so every row of one statement sees the same environment.
CREATE OR REPLACE FUNCTION access.environment()
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'hour', pg_catalog.date_part('hour', utc)::int,
        'minute', pg_catalog.date_part('minute', utc)::int,
        'time', pg_catalog.to_char(utc, 'HH24:MI:SS'),
        'day_of_week', pg_catalog.date_part('isodow', utc)::int,
        'date', pg_catalog.to_char(utc, 'YYYY-MM-DD'),
        'client_addr', pg_catalog.host(pg_catalog.inet_client_addr()),
        'tenant', ctx.tenant,
        'actor', COALESCE(ctx.actor, SESSION_USER::pg_catalog.text),
        'purpose', ctx.purpose))
      FROM (SELECT pg_catalog.timezone('UTC', pg_catalog.now()) AS utc) t,
           governance.session_context() ctx  -- one check of the context for all three values
$$;

COMMENT ON FUNCTION access.environment() IS
    'ABAC: the environment attributes (env.hour, env.time, env.day_of_week, env.client_addr, env.tenant, ...) of decisions in this transaction';

GRANT EXECUTE ON FUNCTION access.environment() TO governance_admin, governance_auditor, governance_app;
