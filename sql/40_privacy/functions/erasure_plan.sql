CREATE OR REPLACE FUNCTION privacy.erasure_plan(subject_key text, subject_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    for_type text := privacy.require_subject_type('privacy.erasure_plan', subject_type);
    node record;
    ref record;
    n bigint;
    found_rows bigint := 0;
    tables jsonb := '[]';
    detach jsonb := '[]';
    conflicts jsonb := '[]';
    plan jsonb;
BEGIN
    PERFORM privacy.require_subject_key('privacy.erasure_plan', for_type, subject_key);

    FOR node IN SELECT * FROM privacy.subject_tables(for_type) ORDER BY pos LOOP
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %s', node.table_name, node.predicate)
           INTO n USING subject_key;
        found_rows := found_rows + n;
        tables := tables || pg_catalog.jsonb_build_object(
            'order', node.pos, 'table', node.table_name::text, 'kind', node.kind,
            'action', CASE WHEN node.kind = 'own_parent' AND node.action = 'delete'
                           THEN 'delete_if_unreferenced' ELSE node.action END,
            'reason', node.reason, 'rows', n, 'paths', pg_catalog.to_jsonb(node.paths));
    END LOOP;

    FOR ref IN SELECT * FROM privacy.erasure_references(for_type) ORDER BY parent_pos, child::text, constraint_name LOOP
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %s', ref.child, ref.referencing)
           INTO n USING subject_key;
        CONTINUE WHEN n = 0;
        IF ref.resolution = 'conflict' THEN
            conflicts := conflicts || pg_catalog.jsonb_build_object(
                'constraint', ref.constraint_name, 'table', ref.child::text, 'references', ref.parent::text,
                'rows', n, 'problem', pg_catalog.format(
                    '%s rows of %s that the plan keeps reference rows of %s it deletes, through %s (%s)',
                    n, ref.child, ref.parent, pg_catalog.quote_ident(ref.constraint_name),
                    CASE WHEN ref.on_delete = 'c' THEN 'ON DELETE CASCADE would delete them' ELSE 'NOT NULL: they cannot be detached' END));
        ELSE
            detach := detach || pg_catalog.jsonb_build_object(
                'constraint', ref.constraint_name, 'table', ref.child::text, 'references', ref.parent::text,
                'columns', ref.child_cols, 'rows', n, 'how', ref.resolution);
        END IF;
    END LOOP;

    plan := pg_catalog.jsonb_build_object(
        'subject_type', for_type,
        'subject_found', found_rows > 0,
        'generated_at', pg_catalog.to_char(pg_catalog.now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'tables', tables, 'detach', detach, 'conflicts', conflicts,
        'warnings', privacy.erasure_warnings(for_type),
        'coverage_gaps', privacy.coverage_gaps());
    RETURN plan || COALESCE(privacy.lineage_impact(subject_key), '{}');
END
$$;

COMMENT ON FUNCTION privacy.erasure_plan(text, text) IS
    'Dry run of gdpr_forget: per table the rows, action and FK paths; rows to detach; conflicts the database would refuse (with constraint names); unindexed foreign keys; classified tables no subject reaches';

GRANT EXECUTE ON FUNCTION privacy.erasure_plan(text, text) TO governance_admin, governance_dpo;
