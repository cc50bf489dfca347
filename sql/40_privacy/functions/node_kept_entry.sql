-- The `kept` line of a table of the subject graph, given how many of its rows of the
-- subject the erasure leaves in place: a retain rule's rows, or an own parent's rows that
-- something still references. NULL for other tables (their rows go or are masked).
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.node_kept_entry(node privacy.erasure_node, kept_rows bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT CASE WHEN node.action = 'retain'
                    THEN privacy.kept_entry(node.table_name, kept_rows, pg_catalog.format('retain rule: %s', node.reason), false)
                    WHEN node.kind = 'own_parent' AND node.action = 'delete'
                    THEN privacy.kept_entry(node.table_name, kept_rows,
                                            'own parent still referenced by rows this erasure keeps or by another subject', true)
               END);
END
$$;

COMMENT ON FUNCTION privacy.node_kept_entry(privacy.erasure_node, bigint) IS
    'Internal: an erasure''s kept line for a retained table or a still-referenced own parent; NULL otherwise';
