CREATE OR REPLACE FUNCTION lineage.find_asset(ref text)
RETURNS bigint
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    matches bigint[];
    relation oid;
BEGIN
    -- An asset by id, by "namespace/name", or by name alone when that is unambiguous.
    SELECT pg_catalog.array_agg(a.id ORDER BY a.id) INTO matches
      FROM lineage.assets a
     WHERE (ref ~ '^\d{1,18}$' AND a.id = ref::bigint)
        OR a.namespace || '/' || a.name = ref
        OR a.name = ref;
    IF matches IS NULL THEN
        -- A table named as in SQL (app.users) is the asset {database}.app.users: the one
        -- linked to that relation, or one whose dotted name ends with it (a table of
        -- another database, as OpenLineage names it). Parsed by to_regclass, never run.
        BEGIN
            relation := pg_catalog.to_regclass(ref);
        EXCEPTION WHEN OTHERS THEN  -- not a relation name at all (invalid_name, syntax)
            relation := NULL;
        END;
        SELECT pg_catalog.array_agg(a.id ORDER BY a.id) INTO matches
          FROM lineage.assets a
         WHERE a.relid = relation
            OR pg_catalog.right(a.name, pg_catalog.length(ref) + 1) = '.' || ref;
    END IF;
    IF matches IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('lineage.find_asset: no asset %L', ref),
            HINT = 'Give an asset id, namespace/name, a name, or a table name without its database.';
    ELSIF pg_catalog.cardinality(matches) > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('lineage.find_asset: %L is ambiguous: %s', ref,
                (SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s/%s)', a.id, a.namespace, a.name), ', ' ORDER BY a.id)
                   FROM lineage.assets a WHERE a.id = ANY (matches))),
            HINT = 'Give the asset id or namespace/name.';
    END IF;
    RETURN matches[1];
END
$$;

COMMENT ON FUNCTION lineage.find_asset(text) IS
    'Finds an asset by id, namespace/name, an unambiguous name, or a table name without its database (app.users)';

GRANT EXECUTE ON FUNCTION lineage.find_asset(text) TO governance_admin, governance_dpo, governance_auditor, governance_app;
