CREATE OR REPLACE FUNCTION privacy.erasure_plan(subject_key text, subject_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    for_type text := privacy.require_subject_type('privacy.erasure_plan', subject_type);
    graph privacy.erasure_node[];
    refs privacy.erasure_reference[];
    node privacy.erasure_node;
    n bigint;
    found_rows bigint := 0;
    tables jsonb := '[]';
BEGIN
    PERFORM privacy.require_subject_key('privacy.erasure_plan', for_type, subject_key);
    graph := ARRAY(SELECT t FROM privacy.subject_tables(for_type) t ORDER BY t.pos);
    refs := ARRAY(SELECT privacy.erasure_references(graph));
    PERFORM governance.require_trusted_relations('privacy.erasure_plan',
        ARRAY(SELECT n.table_name FROM pg_catalog.unnest(graph) n UNION SELECT r.child FROM pg_catalog.unnest(refs) r));
    PERFORM governance.require_owner_privileges('privacy.erasure_plan',
        ARRAY(SELECT n.table_name FROM pg_catalog.unnest(graph) n UNION SELECT r.child FROM pg_catalog.unnest(refs) r), 'SELECT');

    FOREACH node IN ARRAY graph LOOP
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %s', node.table_name, node.predicate)
           INTO n USING subject_key;
        found_rows := found_rows + n;
        tables := tables || privacy.plan_entry(node, n);
    END LOOP;

    RETURN pg_catalog.jsonb_build_object(
        'subject_type', for_type,
        'subject_found', found_rows > 0,
        'generated_at', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'tables', tables,
        'warnings', privacy.erasure_warnings(for_type, graph) || privacy.cross_tenant_references(graph, subject_key),
        'coverage_gaps', privacy.coverage_gaps())
        || privacy.reference_findings(refs, subject_key, false)
        || COALESCE(privacy.lineage_impact(subject_key), '{}');
END
$$;

COMMENT ON FUNCTION privacy.erasure_plan(text, text) IS
    'Dry run of gdpr_forget: per table the rows, action and FK paths; rows to detach; conflicts the database would refuse (with constraint names); unindexed foreign keys; classified tables no subject reaches';

GRANT EXECUTE ON FUNCTION privacy.erasure_plan(text, text) TO governance_admin, governance_dpo;
