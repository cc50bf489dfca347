-- Contract with erasure (privacy.gdpr_forget calls it in its transaction when this
-- function is installed): the subject's predictions stay for model monitoring (model
-- version, deployment, output, time) but no longer lead to the person. The subject key
-- goes, and so does the input hash: a hash of the person's features would let anyone
-- who holds those features find the rows again. Returns what it changed, per model
-- version, never the key or the prediction ids. Not granted on its own: alone it unlinked
-- a subject who was not erased, unrecorded (a repeated gdpr_forget unlinks predictions
-- written after the erasure, and those of subjects erased before this contract).
-- Registered application predictions tables (lineage.register_predictions_table) get the
-- same: their subject column becomes NULL for the subject's rows.
CREATE OR REPLACE FUNCTION lineage.forget_subject(subject_key text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'lineage.forget_subject';
    result jsonb;
    registered record;
    closed record;
    unlinked bigint;
    tables jsonb := '[]';
BEGIN
    PERFORM governance.require_subject_key('lineage.forget_subject', subject_key);
    WITH unlinked AS (
        UPDATE lineage.predictions p SET subject_key = NULL, input_hash = 'erased'
         WHERE p.subject_key = governance.subject_key(forget_subject.subject_key)
        RETURNING p.model_version_id
    ), per_version AS (
        SELECT v.id AS model_version_id, m.name AS model, v.version, pg_catalog.count(*) AS predictions
          FROM unlinked u
          JOIN lineage.model_versions v ON v.id = u.model_version_id
          JOIN lineage.models m ON m.id = v.model_id
         GROUP BY v.id, m.name, v.version
    )
    SELECT pg_catalog.jsonb_build_object(
               'predictions_unlinked', COALESCE(pg_catalog.sum(pv.predictions), 0),
               'model_versions', COALESCE(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(pv) ORDER BY pv.model, pv.version), '[]'))
      INTO result
      FROM per_version pv;

    -- The applications' registered predictions tables: the same unlinking, where the rows
    -- are (the key compared as given, as for the application's other rows).
    IF EXISTS (SELECT 1 FROM lineage.prediction_tables) THEN
        PERFORM governance.require_trusted_relations(caller, ARRAY(SELECT p.table_name FROM lineage.prediction_tables p));
        closed := governance.encryption_keyring_close();
        FOR registered IN
            SELECT p.table_name, p.subject_column, lineage.prediction_key_type(caller, p.table_name, p.subject_column) AS key_type
              FROM lineage.prediction_tables p ORDER BY p.table_name::text
        LOOP
            BEGIN
                EXECUTE pg_catalog.format('UPDATE %s t SET %I = NULL WHERE t.%I = $1::%s', registered.table_name,
                                          registered.subject_column, registered.subject_column, registered.key_type)
                  USING subject_key;
                GET DIAGNOSTICS unlinked = ROW_COUNT;
            EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range OR datetime_field_overflow THEN
                unlinked := 0;  -- not a value of the column's type: none of these rows is the subject's
            END;
            tables := tables || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
                'table', registered.table_name::text, 'predictions_unlinked', unlinked));
        END LOOP;
        PERFORM governance.encryption_keyring_reopen(caller, closed.keyring, closed.entries);
        result := result || pg_catalog.jsonb_build_object(
            'predictions_unlinked', (result ->> 'predictions_unlinked')::bigint
                                    + (SELECT COALESCE(pg_catalog.sum((t ->> 'predictions_unlinked')::bigint), 0)
                                         FROM pg_catalog.jsonb_array_elements(tables) t),
            'prediction_tables', tables);
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION lineage.forget_subject(text) IS
    'Internal: unlinks a data subject''s predictions (subject key and input hash removed; model version, output and time kept) for erasure; returns counts per model version';

-- Earlier releases granted it to governance_admin and governance_dpo.
REVOKE EXECUTE ON FUNCTION lineage.forget_subject(text) FROM governance_admin, governance_dpo;
