CREATE OR REPLACE FUNCTION lineage.set_quality_threshold(
    asset     bigint,
    metric    text,
    warn_at   numeric,
    fail_at   numeric,
    direction text DEFAULT 'min')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
#variable_conflict use_column
BEGIN
    PERFORM lineage.require_asset('lineage.set_quality_threshold', asset);
    IF metric IS NULL OR metric !~ '^[a-z][a-z0-9_]*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.set_quality_threshold: metric %L must be a lower-case word (a-z, 0-9, _)', metric);
    END IF;
    IF direction IS NULL OR direction NOT IN ('min', 'max') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.set_quality_threshold: direction %L must be min (a floor) or max (a ceiling)', direction);
    END IF;
    IF warn_at IS NULL OR fail_at IS NULL
       OR (direction = 'min' AND fail_at > warn_at) OR (direction = 'max' AND fail_at < warn_at) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.set_quality_threshold: with direction %s, fail_at (%s) must be %s warn_at (%s)',
                                        direction, fail_at, CASE direction WHEN 'min' THEN 'at most' ELSE 'at least' END, warn_at);
    END IF;
    INSERT INTO lineage.quality_thresholds (asset_id, metric, direction, warn_at, fail_at, set_by)
    VALUES (asset, metric, direction, warn_at, fail_at, governance.current_actor())
    ON CONFLICT (asset_id, metric) DO UPDATE
       SET direction = EXCLUDED.direction, warn_at = EXCLUDED.warn_at, fail_at = EXCLUDED.fail_at,
           set_by = EXCLUDED.set_by, set_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION lineage.set_quality_threshold(bigint, text, numeric, numeric, text) IS
    'Sets the warn and fail thresholds of a quality metric on an asset (direction min: a floor, max: a ceiling)';

GRANT EXECUTE ON FUNCTION lineage.set_quality_threshold(bigint, text, numeric, numeric, text) TO governance_admin, governance_app;
