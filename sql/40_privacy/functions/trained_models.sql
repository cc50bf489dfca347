-- The model versions trained on data of the subject's tables (lineage.trained_on: the
-- training runs whose dataset is such a table or derived from it), so that the DPO can
-- decide on retraining: a model may have learnt from the erased rows even when it never
-- made a prediction about the person. NULL when the lineage capability is not installed.
-- A partitioned table and its partitions are one table here too.
CREATE OR REPLACE FUNCTION privacy.trained_models(tbls regclass[])
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    models jsonb;
BEGIN
    IF NOT privacy.capability_installed('lineage.trained_on(bigint)') THEN
        RETURN NULL;
    END IF;
    EXECUTE $q$
        SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'model', m.model, 'version', m.version, 'model_version_id', m.model_version_id,
                   'trained_on', m.tables) ORDER BY m.model, m.version), '[]')
          FROM (SELECT t.model, t.version, t.model_version_id,
                       pg_catalog.jsonb_agg(DISTINCT a.relid::regclass::text) AS tables
                  FROM lineage.assets a
                 CROSS JOIN LATERAL lineage.trained_on(a.id) t
                 WHERE a.relid IN (SELECT x.relid FROM pg_catalog.unnest($1) u(tbl)
                                    CROSS JOIN LATERAL (SELECT pt.relid FROM pg_catalog.pg_partition_tree(u.tbl) pt
                                                        UNION SELECT privacy.table_and_ancestors(u.tbl)) x)
                 GROUP BY t.model, t.version, t.model_version_id) m
    $q$ INTO models USING tbls;
    RETURN models;
END
$$;

COMMENT ON FUNCTION privacy.trained_models(regclass[]) IS
    'Internal: model versions whose training data came from the given tables (lineage.trained_on), for the erasure plan and record; NULL without lineage';
