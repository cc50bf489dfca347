-- Monthly partitions of the trail (audit.statements, audit.row_changes, audit.events) from the current month to
-- months_ahead months ahead, so that audit.purge can drop whole months. Rows outside
-- them land in the default partitions, so nothing is ever refused for want of one.
-- audit.enable and audit.purge call it; run it monthly (cron, pg_cron) as well.
CREATE OR REPLACE FUNCTION audit.add_partitions(months_ahead integer DEFAULT 3)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    parent  text;
    month   date;
    part    text;
    created integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead NOT BETWEEN 0 AND 120 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('audit.add_partitions: months_ahead must be between 0 and 120 (got %s)', months_ahead);
    END IF;
    FOREACH parent IN ARRAY ARRAY['statements', 'row_changes', 'events'] LOOP
        FOR month IN SELECT pg_catalog.generate_series(pg_catalog.date_trunc('month', pg_catalog.now() AT TIME ZONE 'UTC'),
                                                       pg_catalog.date_trunc('month', pg_catalog.now() AT TIME ZONE 'UTC')
                                                           + pg_catalog.make_interval(months => months_ahead),
                                                       interval '1 month')::date LOOP
            part := pg_catalog.format('%s_%s', parent, pg_catalog.to_char(month, 'YYYY_MM'));
            CONTINUE WHEN pg_catalog.to_regclass(pg_catalog.format('audit.%I', part)) IS NOT NULL;
            BEGIN
                EXECUTE pg_catalog.format(
                    'CREATE TABLE audit.%I PARTITION OF audit.%I FOR VALUES FROM (%L) TO (%L)',
                    part, parent, month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month') AT TIME ZONE 'UTC');
            EXCEPTION WHEN check_violation THEN
                -- The default partition already holds rows of that month: they stay there.
                CONTINUE;
            END;
            PERFORM audit.guard_evidence(pg_catalog.format('audit.%I', part)::pg_catalog.regclass, false);
            -- A partition named directly is guarded by its own row security, not its parent's.
            PERFORM governance.owner_writes_only(pg_catalog.format('audit.%I', part)::pg_catalog.regclass);
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END
$$;

COMMENT ON FUNCTION audit.add_partitions(integer) IS
    'Creates the monthly partitions of the audit trail (statements, row changes, events) up to months_ahead months ahead; returns how many';

GRANT EXECUTE ON FUNCTION audit.add_partitions(integer) TO governance_admin;
