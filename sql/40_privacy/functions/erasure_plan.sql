-- tenant: the subject's tenant under tenant isolation (privacy.use_subject_tenant). A
-- subject with no visible row while row security filters its tables is reported as
-- possibly hidden (`hidden_by_row_security`), not simply absent.
CREATE OR REPLACE FUNCTION privacy.erasure_plan(subject_key text, subject_type text DEFAULT NULL,
                                               tenant text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    for_type text := privacy.require_subject_type('privacy.erasure_plan', subject_type);
    graph privacy.erasure_node[];
    refs privacy.erasure_reference[];
    node privacy.erasure_node;
    n bigint;
    found_rows bigint := 0;
    tables jsonb := '[]';
    with_rows regclass[] := '{}';
    impact jsonb;
    trained jsonb;
    kept_gaps jsonb := '[]';
    kept jsonb := '[]';
    findings jsonb;
    d jsonb;
    hidden text;
BEGIN
    PERFORM privacy.require_subject_key_type('privacy.erasure_plan', for_type, subject_key);
    PERFORM privacy.use_subject_tenant(tenant);
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
        IF n > 0 THEN
            with_rows := with_rows || node.table_name;
            -- Kept rows keep their unclassified text in clear: for the DPO to review.
            IF node.action IN ('retain', 'anonymize')
               AND privacy.unclassified_text_columns(node.table_name) <> '[]' THEN
                kept_gaps := kept_gaps || pg_catalog.jsonb_build_object(
                    'table', node.table_name::text, 'action', node.action, 'rows', n,
                    'columns', privacy.unclassified_text_columns(node.table_name));
            END IF;
        END IF;
        -- An own parent still referenced by a row the erasure keeps stays: say how many.
        IF node.kind = 'own_parent' THEN
            EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s q WHERE (%s) AND (%s)', node.table_name,
                                      node.predicate, privacy.outliving_reference_condition(node.table_name, graph))
               INTO n USING subject_key;
            tables := pg_catalog.jsonb_set(tables, ARRAY[(pg_catalog.jsonb_array_length(tables) - 1)::text, 'kept'],
                                           pg_catalog.to_jsonb(n));
        END IF;
        -- What gdpr_forget will list under `kept`: a retained table's rows, or the own
        -- parent's rows still referenced.
        kept := kept || COALESCE(privacy.node_kept_entry(node, CASE WHEN node.action = 'retain'
                                                                    THEN (tables->-1->>'rows')::bigint ELSE n END), '[]');
    END LOOP;
    findings := privacy.reference_findings(refs, subject_key, false);
    FOR d IN SELECT * FROM pg_catalog.jsonb_array_elements(findings->'detach') LOOP
        CONTINUE WHEN d->>'how' <> 'detach';
        kept := kept || COALESCE(privacy.shared_kept_entry(for_type, graph, (d->>'table')::regclass,
                                                           (d->>'constraint')::name, (d->>'rows')::bigint), '[]');
    END LOOP;

    -- Lineage: the predictions about the subject, and the models trained on its tables.
    impact := privacy.lineage_impact(subject_key);
    trained := privacy.trained_models(with_rows);
    IF trained IS NOT NULL THEN
        impact := pg_catalog.jsonb_build_object('lineage', COALESCE(impact->'lineage', '{}')
                                                           || pg_catalog.jsonb_build_object('trained_models', trained));
    END IF;

    IF found_rows = 0 THEN
        hidden := privacy.subject_hidden_by_row_security(graph);
    END IF;
    RETURN pg_catalog.jsonb_build_object(
        'subject_type', for_type,
        'subject_found', found_rows > 0,
        'hidden_by_row_security', hidden IS NOT NULL,
        'generated_at', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'tables', tables,
        'warnings', privacy.erasure_warnings(for_type, graph) || privacy.cross_tenant_references(graph, subject_key),
        'coverage_gaps', privacy.coverage_gaps(),
        'kept_row_gaps', kept_gaps,
        -- The outcome the erasure would report (no conflicts assumed): what it would keep, and
        -- `erased` or `partially_erased`.
        'kept', kept, 'expected_status', privacy.erasure_status(kept))
        || findings
        || COALESCE(impact, '{}')
        || CASE WHEN hidden IS NOT NULL THEN pg_catalog.jsonb_build_object('hint', pg_catalog.format(
               'No row of the subject is visible, and row-level security filters %s (%s): the subject may belong to '
               'another tenant. Name it: erasure_plan(key, type, tenant => ...), governance.set_context or the CLI''s '
               '--tenant; the application (or the table''s owner) knows the subject''s tenant.', hidden,
               COALESCE('tenant ' || pg_catalog.quote_literal(NULLIF(governance.current_tenant(), '')), 'no tenant set')))
                ELSE '{}' END;
END
$$;

COMMENT ON FUNCTION privacy.erasure_plan(text, text, text) IS
    'Dry run of gdpr_forget: per table the rows, action and FK paths; rows to detach; conflicts the database would refuse (with constraint names); unindexed foreign keys; classified tables no subject reaches';

GRANT EXECUTE ON FUNCTION privacy.erasure_plan(text, text, text) TO governance_admin, governance_dpo;
