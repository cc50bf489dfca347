-- Registers an application's predictions table (see versioned/0011). Checked now and at
-- every use: the columns exist, the subject column can be set to NULL (erasure unlinks a
-- subject's predictions there as it does in lineage.predictions: kept for monitoring,
-- no longer leading to the person), the time column is a timestamp, and the table's code
-- is trusted (governance.require_trusted_relations): erasure and export read and write it
-- as the pack's owner.
CREATE OR REPLACE FUNCTION lineage.register_predictions_table(
    tbl            regclass,
    subject_column text,
    time_column    text,
    model_column   text DEFAULT NULL,
    version_column text DEFAULT NULL,
    output_column  text DEFAULT NULL,
    model_name     text DEFAULT NULL)
RETURNS regclass
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'lineage.register_predictions_table';
    col text;
BEGIN
    IF tbl IS NULL OR subject_column IS NULL OR time_column IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = caller || ': the table, its subject column and its time column are required';
    END IF;
    IF (model_column IS NULL) = (model_name IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = caller || ': give either model_column (the column naming the model) or model_name (one model''s table)';
    END IF;
    PERFORM governance.require_local_table(caller, tbl, 'predictions registered for erasure and export');
    PERFORM governance.require_trusted_relations(caller, ARRAY[tbl]);
    IF (SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.oid = tbl) = ANY (governance.pack_schemas()) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s is pg-governance''s own table', caller, tbl);
    END IF;
    FOREACH col IN ARRAY ARRAY[subject_column, time_column, model_column, version_column, output_column] LOOP
        CONTINUE WHEN col IS NULL;
        PERFORM 1 FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_column',
                MESSAGE = pg_catalog.format('%s: %s has no column %I', caller, tbl, col);
        END IF;
    END LOOP;
    IF (SELECT a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = tbl AND a.attname = subject_column) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s.%I is NOT NULL, so erasure could not unlink a subject''s predictions',
                                        caller, tbl, subject_column),
            HINT = pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I DROP NOT NULL', tbl, subject_column);
    END IF;
    IF (SELECT a.atttypid FROM pg_catalog.pg_attribute a WHERE a.attrelid = tbl AND a.attname = time_column)
       NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
        RAISE EXCEPTION USING ERRCODE = 'datatype_mismatch',
            MESSAGE = pg_catalog.format('%s: %s.%I is not a timestamp', caller, tbl, time_column);
    END IF;

    INSERT INTO lineage.prediction_tables AS p (table_name, subject_column, model_column, model_name, version_column,
                                                time_column, output_column, registered_by)
    VALUES (tbl, subject_column, model_column, model_name, version_column, time_column, output_column,
            governance.current_actor())
    ON CONFLICT (table_name) DO UPDATE
       SET subject_column = EXCLUDED.subject_column, model_column = EXCLUDED.model_column,
           model_name = EXCLUDED.model_name, version_column = EXCLUDED.version_column,
           time_column = EXCLUDED.time_column, output_column = EXCLUDED.output_column,
           registered_by = EXCLUDED.registered_by, registered_at = pg_catalog.now();
    RETURN tbl;
END
$$;

COMMENT ON FUNCTION lineage.register_predictions_table(regclass, text, text, text, text, text, text) IS
    'Registers an application''s predictions table (subject key, time, model or model_name, version, output columns) for erasure, export and subject_impact';

-- Erasure will write to the table as the pack's owner: the administrator decides.
GRANT EXECUTE ON FUNCTION lineage.register_predictions_table(regclass, text, text, text, text, text, text) TO governance_admin;
