-- The asset an OpenLineage dataset is (docs/lineage.md, "Identity across intake paths"),
-- registering it when new. In order:
--   1. a declared or recorded alias of (namespace, name): that asset;
--   2. a dataset with the facet pgGovernance_model {name, version}: the registered model of
--      that name (registered now if it is not, and its version), recorded as an alias;
--   3. the asset of that exact identity;
--   4. a table or view of this database (namespace lineage.local_namespace(), name
--      {database}.{schema}.{table}): the asset already linked to the relation if there is
--      one (registered under an earlier namespace), recorded as an alias; else a new asset
--      typed table or view, not dataset;
--   5. otherwise a new asset of type dataset.
-- Runs inside lineage.ingest_openlineage, as the pack's owner.
CREATE OR REPLACE FUNCTION lineage.openlineage_asset(dataset jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns constant text := dataset ->> 'namespace';
    nm constant text := dataset ->> 'name';
    model_name constant text := dataset #>> '{facets,pgGovernance_model,name}';
    model_version constant text := dataset #>> '{facets,pgGovernance_model,version}';
    hit record;
    relation oid;
    kind "char";
BEGIN
    SELECT l.asset_id AS id INTO hit FROM lineage.asset_aliases l WHERE l.namespace = ns AND l.name = nm;
    IF FOUND THEN
        RETURN hit.id;
    END IF;
    IF model_name IS NOT NULL THEN
        SELECT m.asset_id AS id INTO hit FROM lineage.models m WHERE m.name = model_name;
        IF NOT FOUND THEN
            PERFORM lineage.register_model(model_name);
            SELECT m.asset_id AS id INTO hit FROM lineage.models m WHERE m.name = model_name;
        END IF;
        IF model_version IS NOT NULL THEN
            PERFORM lineage.register_model_version(model_name, model_version);
        END IF;
        INSERT INTO lineage.asset_aliases (namespace, name, asset_id, declared_by)
        VALUES (ns, nm, hit.id, governance.current_actor()) ON CONFLICT DO NOTHING;
        RETURN hit.id;
    END IF;

    SELECT a.id, a.asset_type, a.relid INTO hit FROM lineage.assets a WHERE a.namespace = ns AND a.name = nm;
    IF FOUND AND (hit.asset_type <> 'dataset' OR hit.relid IS NULL) THEN
        RETURN hit.id;  -- the steady state: a known dataset
    END IF;
    relation := lineage.local_relation(ns, nm);
    IF relation IS NULL THEN
        RETURN lineage.register_asset(ns, nm, 'dataset');
    END IF;
    SELECT c.relkind INTO kind FROM pg_catalog.pg_class c WHERE c.oid = relation;
    IF hit.id IS NULL THEN
        SELECT a.id INTO hit FROM lineage.assets a WHERE a.relid = relation ORDER BY a.id LIMIT 1;
        IF FOUND THEN
            INSERT INTO lineage.asset_aliases (namespace, name, asset_id, declared_by)
            VALUES (ns, nm, hit.id, governance.current_actor()) ON CONFLICT DO NOTHING;
            RETURN hit.id;
        END IF;
    END IF;
    -- New, or registered as a generic dataset by an earlier release: a table of ours.
    RETURN lineage.register_asset(ns, nm, CASE WHEN kind IN ('v', 'm') THEN 'view' ELSE 'table' END);
END
$$;

COMMENT ON FUNCTION lineage.openlineage_asset(jsonb) IS
    'Internal: the asset an OpenLineage dataset is (alias, registered model, identity, local table), registered when new';
