-- The lineage capability, when installed, knows where a subject's data flowed (features,
-- training sets, models): its view goes into the plan and the erasure record.
CREATE OR REPLACE FUNCTION privacy.lineage_impact(subject_key text)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    impact jsonb;
BEGIN
    -- An empty key names no prediction (lineage.log_prediction stores it as NULL), and
    -- lineage.subject_impact refuses it; a subject table may still use it as a key.
    IF subject_key = '' OR NOT privacy.capability_installed('lineage.subject_impact(text)') THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT lineage.subject_impact($1)' INTO impact USING subject_key;
    RETURN pg_catalog.jsonb_build_object('lineage', impact);
END
$$;

COMMENT ON FUNCTION privacy.lineage_impact(text) IS
    'Internal: {"lineage": lineage.subject_impact(key)} when the lineage capability provides it, else NULL';
