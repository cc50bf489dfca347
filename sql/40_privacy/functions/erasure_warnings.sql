-- Lookups the erasure engine makes that no index serves: on a large table each one is a
-- sequential scan inside the forget transaction, holding its locks for that long.
CREATE OR REPLACE FUNCTION privacy.erasure_warnings(for_type text, graph privacy.erasure_node[])
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH nodes AS (SELECT * FROM pg_catalog.unnest(graph))
    SELECT COALESCE(pg_catalog.jsonb_agg(w ORDER BY w->>'table', w->>'constraint'), '[]')
      FROM (SELECT pg_catalog.jsonb_build_object(
                       'table', f.child::text, 'constraint', f.constraint_name, 'columns', f.child_cols,
                       'warning', pg_catalog.format('no index on %s (%s): erasure and export scan the whole table',
                                                   f.child, f.child_cols)) AS w
              FROM privacy.foreign_keys() f
             WHERE NOT f.indexed
               AND f.parent IN (SELECT n.table_name FROM nodes n)
               AND f.child IN (SELECT n.table_name FROM nodes n)
            UNION ALL
            SELECT pg_catalog.jsonb_build_object(
                       'table', l.table_name::text, 'columns', pg_catalog.quote_ident(l.column_name),
                       'warning', pg_catalog.format('no index on %s (%I): erasure and export scan the whole table',
                                                   l.table_name, l.column_name))
              FROM privacy.linked_tables l
             WHERE l.subject_type = for_type
               AND NOT EXISTS (SELECT FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a
                                   ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                WHERE i.indrelid = l.table_name AND a.attname = l.column_name
                                  AND i.indpred IS NULL)) s(w)
$$;

COMMENT ON FUNCTION privacy.erasure_warnings(text, privacy.erasure_node[]) IS
    'Foreign keys and linked columns on a subject type''s erasure paths that no index serves';
