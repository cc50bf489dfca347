-- The type of a registered predictions table's subject column, for casting the key to
-- it (so that the column's index serves the lookup). A column dropped or renamed since
-- registration is an error, not a table silently left out of an erasure.
CREATE OR REPLACE FUNCTION lineage.prediction_key_type(caller text, tbl regclass, subject_column name)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_type text;
BEGIN
    SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) INTO key_type
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = subject_column AND a.attnum > 0 AND NOT a.attisdropped;
    IF key_type IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: the registered predictions table %s has no column %I any more', caller, tbl, subject_column),
            HINT = 'Register the table again with lineage.register_predictions_table.';
    END IF;
    RETURN key_type;
END
$$;

COMMENT ON FUNCTION lineage.prediction_key_type(text, regclass, name) IS
    'Internal: the type of a registered predictions table''s subject column; raises when it is gone';
