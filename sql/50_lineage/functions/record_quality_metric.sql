CREATE OR REPLACE FUNCTION lineage.record_quality_metric(
    asset       bigint,
    metric      text,
    value       numeric,
    unit        text DEFAULT NULL,
    measured_at timestamptz DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    judged text;
BEGIN
    PERFORM lineage.require_asset('lineage.record_quality_metric', asset);
    IF metric IS NULL OR metric !~ '^[a-z][a-z0-9_]*$' OR value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.record_quality_metric: metric %L must be a lower-case word and the value not NULL', metric);
    END IF;
    SELECT CASE
             WHEN t.direction = 'min' AND value >= t.warn_at THEN 'pass'
             WHEN t.direction = 'min' AND value >= t.fail_at THEN 'warn'
             WHEN t.direction = 'max' AND value <= t.warn_at THEN 'pass'
             WHEN t.direction = 'max' AND value <= t.fail_at THEN 'warn'
             ELSE 'fail' END
      INTO judged
      FROM lineage.quality_thresholds t
     WHERE t.asset_id = asset AND t.metric = record_quality_metric.metric;

    INSERT INTO lineage.quality_metrics (asset_id, metric, value, unit, status, measured_at, recorded_by)
    VALUES (asset, metric, value, unit, judged, COALESCE(measured_at, pg_catalog.now()), governance.current_actor());
    RETURN judged;
END
$$;

COMMENT ON FUNCTION lineage.record_quality_metric(bigint, text, numeric, text, timestamptz) IS
    'Records a quality measurement of an asset and returns its status (pass, warn, fail; NULL without a threshold)';

GRANT EXECUTE ON FUNCTION lineage.record_quality_metric(bigint, text, numeric, text, timestamptz) TO governance_admin, governance_app;
