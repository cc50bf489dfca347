-- Reclassifying a column regenerates the masked views at once, in the classifying
-- transaction: no reader ever sees a newly classified column in clear.
CREATE OR REPLACE FUNCTION privacy.follow_classifications_masks()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM privacy.masked_views) THEN
        PERFORM privacy.refresh_masked_views();
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION privacy.follow_classifications_masks() IS
    'Internal: regenerates the masked views a change of governance.classifications made stale';
