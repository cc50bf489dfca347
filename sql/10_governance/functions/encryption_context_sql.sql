-- SQL expression (over table alias t) of the associated data that binds a value of an
-- encrypted column to its column registration and its row: 'column <id> row <pk json>'.
-- governance.column_context computes the same text for one row.
CREATE OR REPLACE FUNCTION governance.encryption_context_sql(column_id integer, primary_key name[])
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
    SELECT pg_catalog.format('(%L || pg_catalog.jsonb_build_array(%s)::text)',
                             'column ' || column_id || ' row ',
                             (SELECT pg_catalog.string_agg(pg_catalog.format('t.%I', c), ', ')
                                FROM pg_catalog.unnest(primary_key) c))
$$;

COMMENT ON FUNCTION governance.encryption_context_sql(integer, name[]) IS
    'Internal: the associated-data expression of an encrypted column';
