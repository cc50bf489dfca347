-- One table's line in an erasure plan.
CREATE OR REPLACE FUNCTION privacy.plan_entry(node privacy.erasure_node, n bigint)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'order', node.pos, 'table', node.table_name::text, 'kind', node.kind,
        -- An own parent goes only when nothing else refers to it any more.
        'action', CASE WHEN node.kind = 'own_parent' AND node.action = 'delete'
                       THEN 'delete_if_unreferenced' ELSE node.action END,
        'reason', node.reason, 'rows', n, 'paths', pg_catalog.to_jsonb(node.paths))
$$;

COMMENT ON FUNCTION privacy.plan_entry(privacy.erasure_node, bigint) IS 'Internal: A table''s entry in an erasure plan';
