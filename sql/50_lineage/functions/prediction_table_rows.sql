-- The rows of the registered predictions tables (lineage.prediction_tables) that concern
-- a data subject: table, model, version, output, time. The key names the application's
-- rows, so it is compared as given (cast to the subject column's type: a key that is no
-- value of that type matches nothing there). Each table's code is checked as trusted
-- before it is read, and the session's keyring closed while it is (its policies run as the
-- pack's owner). VOLATILE for that reason.
CREATE OR REPLACE FUNCTION lineage.prediction_table_rows(caller text, subject_key text)
RETURNS TABLE (table_name regclass, model text, version text, output jsonb, predicted_at timestamptz)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    registered record;
    closed record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM lineage.prediction_tables) THEN
        RETURN;
    END IF;
    PERFORM governance.require_trusted_relations(caller, ARRAY(SELECT p.table_name FROM lineage.prediction_tables p));
    closed := governance.encryption_keyring_close();
    FOR registered IN
        SELECT p.*, lineage.prediction_key_type(caller, p.table_name, p.subject_column) AS key_type
          FROM lineage.prediction_tables p
         ORDER BY p.table_name::text
    LOOP
        BEGIN
            RETURN QUERY EXECUTE pg_catalog.format(
                'SELECT %L::regclass, %s, %s, %s, t.%I::timestamptz FROM %s t WHERE t.%I = $1::%s',
                registered.table_name,
                CASE WHEN registered.model_column IS NULL THEN pg_catalog.quote_literal(registered.model_name) || '::text'
                     ELSE pg_catalog.format('t.%I::text', registered.model_column) END,
                CASE WHEN registered.version_column IS NULL THEN 'NULL::text'
                     ELSE pg_catalog.format('t.%I::text', registered.version_column) END,
                CASE WHEN registered.output_column IS NULL THEN 'NULL::jsonb'
                     ELSE pg_catalog.format('pg_catalog.to_jsonb(t.%I)', registered.output_column) END,
                registered.time_column, registered.table_name, registered.subject_column, registered.key_type)
            USING subject_key;
        EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range OR datetime_field_overflow THEN
            NULL;  -- not a value of the subject column's type: no row of this table is the subject's
        END;
    END LOOP;
    PERFORM governance.encryption_keyring_reopen(caller, closed.keyring, closed.entries);
END
$$;

COMMENT ON FUNCTION lineage.prediction_table_rows(text, text) IS
    'Internal: a data subject''s rows in the registered application predictions tables (table, model, version, output, time)';
