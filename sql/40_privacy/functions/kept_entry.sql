-- A line of an erasure's `kept` list: rows of the subject that the erasure leaves in
-- place, why, whether they are shared with another subject, and which of their columns
-- are classified personal data. An erasure that keeps classified columns, shared or not,
-- does not report `erased` (privacy.erasure_status).
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.kept_entry(tbl regclass, n bigint, why text, shared boolean)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT pg_catalog.jsonb_build_object(
            'table', tbl::text, 'rows', n, 'why', why, 'shared', shared,
            'classified', COALESCE((SELECT pg_catalog.jsonb_agg(DISTINCT c.column_name)
                                      FROM governance.classifications c
                                     WHERE c.table_name IN (SELECT privacy.table_and_ancestors(tbl))), '[]'))
         WHERE n > 0);
END
$$;

COMMENT ON FUNCTION privacy.kept_entry(regclass, bigint, text, boolean) IS
    'Internal: an erasure''s record of rows it keeps: table, rows, why, shared, classified columns; NULL when none';
