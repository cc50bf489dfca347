-- Actors whose activity in the last `since` is far above their own baseline: the count of
-- events per window-sized bucket over `baseline`, zeros included, summarised by median and
-- MAD (robust against the spikes being looked for). The modified z-score
-- 0.6745 * (x - median) / MAD flags values above `threshold` (3.5 in Iglewicz and Hoaglin).
-- When MAD is 0 (an actor with very regular or rare activity), the mean absolute deviation
-- stands in (1.2533 * meanAD approximates the standard deviation); when that is 0 too (no
-- activity at all before), the excess is measured against a spread of one event per
-- window, the resolution of a count: the score stays a finite number that grows with the
-- excess, and min_events decides, as always, whether the excess is large enough to flag.
-- On audit.changes, the pack's own bulk rewrites are not activity: updates that change
-- only columns encrypt_column and reencrypt convert (compliance.maintenance_columns).
-- Works on any event table with an actor and a timestamp column: audit.changes,
-- audit.events, privacy.phi_access_log. SECURITY INVOKER: the caller reads the source.
CREATE OR REPLACE FUNCTION compliance.activity_anomalies(
    source       regclass,
    since        interval DEFAULT '1 hour',
    baseline     interval DEFAULT '14 days',
    threshold    float8 DEFAULT 3.5,
    min_events   integer DEFAULT 10,
    actor_column name DEFAULT 'actor',
    time_column  name DEFAULT 'occurred_at',
    table_column name DEFAULT NULL)
RETURNS TABLE (actor text, current_count bigint, baseline_median float8, baseline_mad float8, score float8)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col name;
    buckets integer;
    on_classified text := '';
BEGIN
    IF source IS NULL OR since IS NULL OR baseline IS NULL OR threshold IS NULL OR min_events IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'compliance.activity_anomalies: source, since, baseline, threshold and min_events are required';
    END IF;
    IF since <= interval '0' OR baseline < since THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('compliance.activity_anomalies: need 0 < since <= baseline (got since %s, baseline %s)',
                                        since, baseline);
    END IF;
    FOREACH col IN ARRAY ARRAY[actor_column, time_column, table_column] LOOP
        IF col IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                            WHERE a.attrelid = source AND a.attname = col
                                              AND a.attnum > 0 AND NOT a.attisdropped) THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_column',
                MESSAGE = pg_catalog.format('compliance.activity_anomalies: %s has no column %I', source, col);
        END IF;
    END LOOP;
    IF table_column IS NOT NULL THEN
        -- Compared by name (schema-qualified, quoted as needed, as audit.changes names
        -- tables), not resolved with to_regclass: that needs USAGE on the table's schema,
        -- which an auditor does not have on the application's schemas.
        on_classified := pg_catalog.format(
            'AND e.%I::text IN (SELECT pg_catalog.format(''%%I.%%I'', n.nspname, c.relname) '
            'FROM compliance.classified_tables ct JOIN pg_catalog.pg_class c ON c.oid = ct.table_oid '
            'JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace)',
            table_column);
    END IF;
    IF source = pg_catalog.to_regclass('audit.changes') THEN
        on_classified := on_classified || ' AND NOT (e.op = ''UPDATE'' AND pg_catalog.cardinality(e.changed_columns) > 0'
            ' AND e.changed_columns <@ COALESCE((SELECT mc.columns FROM compliance.maintenance_columns() mc'
            ' WHERE mc.table_name = e.table_name), ''{}''))';
    END IF;
    buckets := pg_catalog.ceil(EXTRACT(epoch FROM baseline) / EXTRACT(epoch FROM since))::integer;

    RETURN QUERY EXECUTE pg_catalog.format($q$
        WITH events AS (
            -- Bucket 0 is the current window, 1..n the baseline before it.
            SELECT e.%1$I::text AS actor,
                   pg_catalog.floor(EXTRACT(epoch FROM ($1 - e.%2$I)) / EXTRACT(epoch FROM $2))::integer AS bucket
              FROM %3$s e
             WHERE e.%2$I > $1 - $2 - $3 AND e.%2$I <= $1 AND e.%1$I IS NOT NULL
               %4$s
        ),
        counts AS (
            SELECT a.actor, b.bucket, pg_catalog.count(ev.bucket) AS n
              FROM (SELECT DISTINCT ev.actor FROM events ev WHERE ev.bucket = 0) a
             CROSS JOIN pg_catalog.generate_series(0, $4) b(bucket)
              LEFT JOIN events ev ON ev.actor = a.actor AND ev.bucket = b.bucket
             GROUP BY a.actor, b.bucket
        ),
        centre AS (
            SELECT c.actor, pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY c.n) AS median
              FROM counts c WHERE c.bucket > 0 GROUP BY c.actor
        ),
        spread AS (
            SELECT c.actor, m.median,
                   pg_catalog.percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_catalog.abs(c.n - m.median)) AS mad,
                   pg_catalog.avg(pg_catalog.abs(c.n - m.median))::float8 AS mean_ad
              FROM counts c JOIN centre m USING (actor) WHERE c.bucket > 0 GROUP BY c.actor, m.median
        ),
        scored AS (
            SELECT s.actor, c.n AS current_count, s.median, s.mad,
                   CASE WHEN s.mad > 0 THEN 0.6745 * (c.n - s.median) / s.mad
                        WHEN s.mean_ad > 0 THEN (c.n - s.median) / (1.2533 * s.mean_ad)
                        ELSE 0.6745 * (c.n - s.median) END AS score
              FROM spread s JOIN counts c ON c.actor = s.actor AND c.bucket = 0
        )
        SELECT sc.actor, sc.current_count, sc.median, sc.mad, sc.score
          FROM scored sc
         WHERE sc.score > $5 AND sc.current_count - sc.median >= $6
         ORDER BY sc.score DESC, sc.actor
    $q$, actor_column, time_column, source, on_classified)
    USING pg_catalog.now(), since, baseline, buckets, threshold, min_events;
END
$$;

COMMENT ON FUNCTION compliance.activity_anomalies(regclass, interval, interval, float8, integer, name, name, name) IS
    'Actors whose event count in the last `since` is far above their own baseline (robust z-score: median and MAD per window over `baseline`); with table_column, only events on classified tables';

GRANT EXECUTE ON FUNCTION compliance.activity_anomalies(regclass, interval, interval, float8, integer, name, name, name)
    TO governance_admin, governance_dpo, governance_auditor;
