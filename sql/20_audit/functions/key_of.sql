-- The row key: the primary key columns as jsonb, or the whole row for tables without one.
-- Keys of up to three columns are built inline (the planner inlines this function);
-- longer keys take the slower general path.
CREATE OR REPLACE FUNCTION audit.key_of(j jsonb, key_columns text[])
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE pg_catalog.cardinality(key_columns)
        WHEN 0 THEN j
        WHEN 1 THEN pg_catalog.jsonb_build_object(key_columns[1], j -> key_columns[1])
        WHEN 2 THEN pg_catalog.jsonb_build_object(key_columns[1], j -> key_columns[1],
                                                  key_columns[2], j -> key_columns[2])
        WHEN 3 THEN pg_catalog.jsonb_build_object(key_columns[1], j -> key_columns[1],
                                                  key_columns[2], j -> key_columns[2],
                                                  key_columns[3], j -> key_columns[3])
        ELSE audit.key_of_many(j, key_columns) END
$$;

CREATE OR REPLACE FUNCTION audit.key_of_many(j jsonb, key_columns text[])
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.jsonb_object_agg(k, j -> k) FROM pg_catalog.unnest(key_columns) AS k
$$;

COMMENT ON FUNCTION audit.key_of(jsonb, text[]) IS 'The row key stored in audit.changes.row_key';
COMMENT ON FUNCTION audit.key_of_many(jsonb, text[]) IS 'Audit.key_of for keys of more than three columns';
