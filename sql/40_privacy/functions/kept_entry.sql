-- A line of an erasure's `kept` list: rows of the subject that the erasure leaves in
-- place, why, and which of their columns are classified personal data. An erasure whose
-- kept rows hold classified columns does not report `erased` (gdpr_forget).
CREATE OR REPLACE FUNCTION privacy.kept_entry(tbl regclass, n bigint, why text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'table', tbl::text, 'rows', n, 'why', why,
        'classified', COALESCE((SELECT pg_catalog.jsonb_agg(DISTINCT c.column_name)
                                  FROM governance.classifications c
                                 WHERE c.table_name IN (SELECT privacy.table_and_ancestors(tbl))), '[]'))
     WHERE n > 0
$$;

COMMENT ON FUNCTION privacy.kept_entry(regclass, bigint, text) IS
    'An erasure''s record of rows it keeps: table, rows, why, classified columns; NULL when none';
