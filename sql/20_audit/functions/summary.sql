-- Totals for a period, for reports: one row overall for changes and for events, one per
-- audited table and one per event type. Failures are events logged with success = false
-- (a failed change leaves no audit row: it was rolled back with the transaction).
CREATE OR REPLACE FUNCTION audit.summary(since timestamptz, until timestamptz DEFAULT pg_catalog.now())
RETURNS TABLE (scope text, name text, total bigint, failures bigint, distinct_actors bigint,
               first_at timestamptz, last_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF since IS NULL OR until IS NULL OR since > until THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.summary: need since <= until (got %s and %s)', since, until);
    END IF;
    -- A period is read row by row: bounded (an infinite one included), like every other
    -- caller-sized request. Ten years by default.
    IF since = '-infinity' OR until = 'infinity'
       OR until - since > pg_catalog.make_interval(days => governance.limit_value('summary_days')::integer) THEN
        RAISE EXCEPTION USING ERRCODE = 'program_limit_exceeded',
            MESSAGE = pg_catalog.format('audit.summary: the period from %s to %s is longer than the limit of %s days (summary_days)',
                                        since, until, governance.limit_value('summary_days')),
            HINT = 'Summarise a shorter period. The limit is governance.limits ''summary_days'', which only pg-governance''s owner may change.';
    END IF;
    RETURN QUERY
    WITH c AS (SELECT * FROM audit.changes x WHERE x.occurred_at >= since AND x.occurred_at < until),
         e AS (SELECT * FROM audit.events x WHERE x.occurred_at >= since AND x.occurred_at < until)
    SELECT 'all', 'changes', pg_catalog.count(*), 0::bigint, pg_catalog.count(DISTINCT c.actor),
           pg_catalog.min(c.occurred_at), pg_catalog.max(c.occurred_at) FROM c
    UNION ALL
    SELECT 'all', 'events', pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE NOT e.success),
           pg_catalog.count(DISTINCT e.actor), pg_catalog.min(e.occurred_at), pg_catalog.max(e.occurred_at) FROM e
    UNION ALL
    (SELECT 'table', c.table_name, pg_catalog.count(*), 0::bigint, pg_catalog.count(DISTINCT c.actor),
            pg_catalog.min(c.occurred_at), pg_catalog.max(c.occurred_at) FROM c GROUP BY c.table_name ORDER BY 2)
    UNION ALL
    (SELECT 'event_type', e.event_type, pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE NOT e.success),
            pg_catalog.count(DISTINCT e.actor), pg_catalog.min(e.occurred_at), pg_catalog.max(e.occurred_at)
       FROM e GROUP BY e.event_type ORDER BY 2);
END
$$;

COMMENT ON FUNCTION audit.summary(timestamptz, timestamptz) IS
    'Audit totals for [since, until): changes and events overall, per table and per event type, with failures and distinct actors';

GRANT EXECUTE ON FUNCTION audit.summary(timestamptz, timestamptz) TO governance_auditor, governance_admin;
